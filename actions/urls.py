from django.urls import path

from actions import views

urlpatterns = [
    path("assessments/<id:pk>/actions/new/", views.action_new, name="action_new"),
    path(
        "campaigns/<id:pk>/teams/<id:team_pk>/actions/new/",
        views.action_new,
        {"scope": "team"},
        name="team_action_new",
    ),
    path(
        "campaigns/<id:pk>/organisation/actions/new/",
        views.action_new,
        {"scope": "organisation"},
        name="organisation_action_new",
    ),
    path("actions/<id:pk>/edit/", views.action_edit, name="action_edit"),
]
