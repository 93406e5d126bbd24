from django.urls import path

from campaigns import erasure_views, results, survey, views

urlpatterns = [
    path("campaigns/", views.campaign_list, name="campaign_list"),
    path("campaigns/<id:pk>/", views.campaign_detail, name="campaign_detail"),
    path(
        "organisations/<id:organisation_pk>/campaigns/new/",
        views.campaign_form,
        name="campaign_add",
    ),
    path("campaigns/<id:pk>/edit/", views.campaign_form, name="campaign_edit"),
    path("campaigns/<id:pk>/open/", views.open_campaign, name="campaign_open"),
    path("campaigns/<id:pk>/close/", results.close_campaign, name="campaign_close"),
    path("campaigns/<id:pk>/remind/", views.remind, name="campaign_remind"),
    path("campaigns/<id:pk>/next-wave/", views.next_wave, name="campaign_next_wave"),
    path("campaigns/<id:pk>/preview/", views.preview_survey, name="survey_preview"),
    path("campaigns/<id:pk>/test-invitation/", views.test_invitation, name="test_invitation"),
    path(
        "campaigns/<id:pk>/preview/<slug:component_key>/",
        views.preview_survey,
        name="survey_preview_step",
    ),
    path("campaigns/<id:pk>/publish/", results.publish_results, name="campaign_publish"),
    path("campaigns/<id:pk>/reporting-groups/", results.reporting_groups, name="reporting_groups"),
    path(
        "campaigns/<id:pk>/reporting-groups/<id:group_pk>/delete/",
        results.delete_reporting_group,
        name="reporting_group_delete",
    ),
    path("campaigns/<id:pk>/participants/", views.participants, name="campaign_participants"),
    path("campaigns/<id:pk>/participants/add/", views.add_participant, name="participant_add"),
    path(
        "campaigns/<id:pk>/participants/<id:invitation_pk>/edit/",
        views.edit_participant,
        name="participant_edit",
    ),
    path(
        "campaigns/<id:pk>/participants/<id:invitation_pk>/remove/",
        views.remove_participant,
        name="participant_remove",
    ),
    path(
        "campaigns/<id:pk>/participants/imports/<id:import_pk>/",
        views.participants_import,
        name="participants_import",
    ),
    path(
        "campaigns/<id:pk>/participants/upload/",
        views.upload_participants,
        name="participants_upload",
    ),
]

# Forgetting: one participant's name and address, or a whole campaign.
urlpatterns += [
    path(
        "campaigns/<id:pk>/participants/<id:invitation_pk>/erase/",
        erasure_views.erase,
        name="participant_erase",
    ),
    path("campaigns/<id:pk>/delete/", erasure_views.delete, name="campaign_delete"),
]

# A respondent's survey, reached from their invitation link (no account): the link is the
# only address with the token; the pages after it name no one.
urlpatterns += [
    path("s/<str:token>/", survey.start, name="survey_start"),
    path("survey/", survey.resume, name="survey_resume"),
    path("survey/review/", survey.review, name="survey_review"),
    path("survey/logo/", survey.logo, name="survey_logo"),
    path("survey/submit/", survey.submit, name="survey_submit"),
    path("survey/<slug:component_key>/", survey.step, name="survey_step"),
]
