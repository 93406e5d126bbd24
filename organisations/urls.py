from django.urls import path

from organisations import activity, views

urlpatterns = [
    path("organisations/", views.organisation_list, name="organisation_list"),
    path("organisations/switch/", views.switch_organisation, name="organisation_switch"),
    path("organisations/<id:pk>/", views.organisation_detail, name="organisation_detail"),
    path("organisations/<id:pk>/branding/", views.branding, name="branding"),
    path("organisations/<id:pk>/activity/", activity.activity, name="organisation_activity"),
    path("organisations/<id:pk>/logo/", views.logo, name="organisation_logo"),
    path("organisations/<id:pk>/teams/new/", views.team_form, name="team_add"),
    path("organisations/<id:pk>/teams/<id:team_pk>/edit/", views.team_form, name="team_edit"),
    path("organisations/<id:pk>/members/", views.add_member, name="member_add"),
    path(
        "organisations/<id:pk>/participant-domains/",
        views.participant_domains,
        name="participant_domains",
    ),
    path(
        "organisations/<id:pk>/participant-retention/",
        views.participant_retention,
        name="participant_retention",
    ),
    path(
        "organisations/<id:pk>/invitations/<id:invitation_pk>/withdraw/",
        views.withdraw_invitation,
        name="colleague_invitation_withdraw",
    ),
    path("join/<str:token>/", views.join, name="colleague_join"),
    path(
        "organisations/<id:pk>/members/<id:member_pk>/remove/",
        views.remove_member,
        name="member_remove",
    ),
]
