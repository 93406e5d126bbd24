from django.urls import path

from actions import views

urlpatterns = [
    path("assessments/<int:pk>/actions/new/", views.action_new, name="action_new"),
    path(
        "campaigns/<int:pk>/teams/<int:team_pk>/actions/new/",
        views.action_new,
        {"scope": "team"},
        name="team_action_new",
    ),
    path(
        "campaigns/<int:pk>/organisation/actions/new/",
        views.action_new,
        {"scope": "organisation"},
        name="organisation_action_new",
    ),
    path("actions/<int:pk>/edit/", views.action_edit, name="action_edit"),
]
