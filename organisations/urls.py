from django.urls import path

from organisations import views

urlpatterns = [
    path("organisations/", views.organisation_list, name="organisation_list"),
    path("organisations/switch/", views.switch_organisation, name="organisation_switch"),
    path("organisations/<int:pk>/", views.organisation_detail, name="organisation_detail"),
    path("organisations/<int:pk>/branding/", views.branding, name="branding"),
    path("organisations/<int:pk>/logo/", views.logo, name="organisation_logo"),
    path("organisations/<int:pk>/teams/new/", views.team_form, name="team_add"),
    path("organisations/<int:pk>/teams/<int:team_pk>/edit/", views.team_form, name="team_edit"),
    path("organisations/<int:pk>/members/", views.add_member, name="member_add"),
    path(
        "organisations/<int:pk>/participant-domains/",
        views.participant_domains,
        name="participant_domains",
    ),
    path(
        "organisations/<int:pk>/invitations/<int:invitation_pk>/withdraw/",
        views.withdraw_invitation,
        name="colleague_invitation_withdraw",
    ),
    path("join/<str:token>/", views.join, name="colleague_join"),
    path(
        "organisations/<int:pk>/members/<int:member_pk>/remove/",
        views.remove_member,
        name="member_remove",
    ),
]
