from django.urls import path

from assessments import action_views, campaign_setup, organisation_views, survey, views

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

urlpatterns += [
    path("assessments/<int:pk>/actions/new/", action_views.action_new, name="action_new"),
    path(
        "campaigns/<int:pk>/teams/<int:team_pk>/actions/new/",
        action_views.action_new,
        {"scope": "team"},
        name="team_action_new",
    ),
    path(
        "campaigns/<int:pk>/organisation/actions/new/",
        action_views.action_new,
        {"scope": "organisation"},
        name="organisation_action_new",
    ),
    path("actions/<int:pk>/edit/", action_views.action_edit, name="action_edit"),
]

urlpatterns += [
    path("organisations/", organisation_views.organisation_list, name="organisation_list"),
    path(
        "organisations/switch/",
        organisation_views.switch_organisation,
        name="organisation_switch",
    ),
    path("organisations/<int:pk>/branding/", organisation_views.branding, name="branding"),
    path("organisations/<int:pk>/logo/", organisation_views.logo, name="organisation_logo"),
    path(
        "organisations/<int:pk>/",
        organisation_views.organisation_detail,
        name="organisation_detail",
    ),
    path("organisations/<int:pk>/teams/new/", organisation_views.team_form, name="team_add"),
    path(
        "organisations/<int:pk>/teams/<int:team_pk>/edit/",
        organisation_views.team_form,
        name="team_edit",
    ),
    path("organisations/<int:pk>/members/", organisation_views.add_member, name="member_add"),
    path(
        "organisations/<int:pk>/members/<int:member_pk>/remove/",
        organisation_views.remove_member,
        name="member_remove",
    ),
    path(
        "organisations/<int:organisation_pk>/campaigns/new/",
        campaign_setup.campaign_form,
        name="campaign_add",
    ),
    path("campaigns/<int:pk>/edit/", campaign_setup.campaign_form, name="campaign_edit"),
    path("campaigns/<int:pk>/open/", campaign_setup.open_campaign, name="campaign_open"),
    path("campaigns/<int:pk>/close/", campaign_setup.close_campaign, name="campaign_close"),
    path("campaigns/<int:pk>/remind/", campaign_setup.remind, name="campaign_remind"),
    path("campaigns/<int:pk>/next-wave/", campaign_setup.next_wave, name="campaign_next_wave"),
    path(
        "campaigns/<int:pk>/participants/",
        campaign_setup.participants,
        name="campaign_participants",
    ),
    path(
        "campaigns/<int:pk>/participants/add/",
        campaign_setup.add_participant,
        name="participant_add",
    ),
    path(
        "campaigns/<int:pk>/participants/upload/",
        campaign_setup.upload_participants,
        name="participants_upload",
    ),
]
