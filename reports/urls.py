from django.urls import path

from reports import views

urlpatterns = [
    path("assessments/<int:pk>/report/", views.self_report, name="self_report"),
    path(
        "assessments/<int:pk>/report/reflections/<slug:component_key>/",
        views.save_reflection,
        name="save_reflection",
    ),
]
