from django.urls import path

from assessments import survey, views

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("assessments/start/", views.start, name="assessment_start"),
    path("assessments/<int:pk>/", views.resume, name="assessment_resume"),
    path("assessments/<int:pk>/review/", views.review, name="assessment_review"),
    path("assessments/<int:pk>/submit/", views.submit, name="assessment_submit"),
    path("assessments/<int:pk>/step/<slug:component_key>/", views.step, name="assessment_step"),
]

urlpatterns += [
    path("s/<str:token>/", survey.start, name="survey_start"),
    path("s/<str:token>/review/", survey.review, name="survey_review"),
    path("s/<str:token>/submit/", survey.submit, name="survey_submit"),
    path("s/<str:token>/<slug:component_key>/", survey.step, name="survey_step"),
]
