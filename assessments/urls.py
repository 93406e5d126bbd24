from django.urls import path

from assessments import views

urlpatterns = [
    path("assessments/start/", views.start, name="assessment_start"),
    path("assessments/<int:pk>/", views.resume, name="assessment_resume"),
    path("assessments/<int:pk>/review/", views.review, name="assessment_review"),
    path("assessments/<int:pk>/submit/", views.submit, name="assessment_submit"),
    path("assessments/<int:pk>/step/<slug:component_key>/", views.step, name="assessment_step"),
]
