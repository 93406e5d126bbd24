from django.urls import path

from assessments import views

urlpatterns = [
    path("assessments/start/", views.start, name="assessment_start"),
    path("assessments/<id:pk>/", views.resume, name="assessment_resume"),
    path("assessments/<id:pk>/review/", views.review, name="assessment_review"),
    path("assessments/<id:pk>/submit/", views.submit, name="assessment_submit"),
    path("assessments/<id:pk>/step/<slug:component_key>/", views.step, name="assessment_step"),
]
