"""Every page works on a phone: at 390 × 844 none scrolls sideways; wide tables scroll inside
their own box."""

import pytest

from actions.models import Action
from campaigns.models import Campaign, ParticipantImport
from organisations.models import ColleagueInvitation
from tests.browser import log_in
from tests.builders import EVERY_COMPONENT, invite, rate_all

PHONE = {"width": 390, "height": 844}
# The page as a whole must fit; a table may be wider inside its .table-responsive box.
WIDTH = "() => document.documentElement.scrollWidth"


def pages_of(campaign, teams, assessment, action, draft_step, found, invited) -> list[str]:
    north, team = teams["north"].pk, campaign.pk
    return [
        "/",
        "/dashboard/",
        "/accounts/me/",
        "/accounts/me/delete/",
        "/frameworks/",
        f"/frameworks/{campaign.framework.slug}/v{campaign.framework.version}/",
        "/organisations/",
        f"/organisations/{campaign.organisation_id}/",
        f"/organisations/{campaign.organisation_id}/campaigns/new/",
        f"/organisations/{campaign.organisation_id}/branding/",
        "/campaigns/",
        f"/campaigns/{team}/",
        f"/campaigns/{team}/edit/",
        f"/campaigns/{team}/participants/",
        f"/campaigns/{team}/participants/{invited.pk}/edit/",
        f"/campaigns/{team}/participants/{invited.pk}/erase/",
        f"/campaigns/{team}/delete/",
        f"/campaigns/{team}/participants/imports/{found.pk}/",
        f"/campaigns/{team}/publish/",
        f"/campaigns/{team}/reporting-groups/",
        f"/campaigns/{team}/close/",
        f"/campaigns/{team}/exports/",
        f"/campaigns/{team}/preview/",
        f"/campaigns/{team}/teams/{north}/",
        f"/campaigns/{team}/organisation/",
        f"/campaigns/{team}/organisation/pdf/",
        f"/assessments/{assessment.pk}/report/",
        draft_step,
        f"/actions/{action.pk}/edit/",
    ]


@pytest.mark.browser
def test_no_page_scrolls_sideways_on_a_phone(
    live_server, answered, teams, hr_admin, leader, six_pillars, new_page, console_errors
):
    teams["sales"].leaders.add(hr_admin)
    assessment = rate_all(hr_admin, six_pillars, EVERY_COMPONENT)
    action = Action.objects.create(
        assessment=assessment,
        component=six_pillars.components.first(),
        title="Call back every complaint within a day",
        owner=hr_admin,
        created_by=hr_admin,
        due_on=answered.closes_on,
    )
    draft = rate_all(hr_admin, six_pillars, {}, submit=False)
    found = ParticipantImport.objects.create(  # a file naming teams the campaign lacks
        campaign=answered,
        file_name="people-with-a-rather-long-file-name-from-the-hr-system-export.csv",
        state=ParticipantImport.State.NEW_TEAMS,
        new_teams=["Acme > Sales > North-West Regional Customer Operations", "Marketing"],
    )
    invited, _token = invite(answered, teams["north"], "not-mailed-yet@acme.example")
    colleague = ColleagueInvitation(
        organisation=answered.organisation, email="new@acme.example", role="leader"
    )
    joining = colleague.new_token()
    colleague.save()
    page = new_page()
    page.set_viewport_size(PHONE)
    log_in(page, live_server.url, hr_admin.email)
    too_wide = {}
    step = f"/assessments/{draft.pk}/step/personalisation/"
    for path in pages_of(answered, teams, assessment, action, step, found, invited):
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        width = page.evaluate(WIDTH)
        if width > PHONE["width"]:
            too_wide[path] = width
    # The survey, as a team member opens it from their link.
    _invitation, token = invite(answered, teams["north"], "ann@acme.example")
    respondent = new_page()
    respondent.set_viewport_size(PHONE)
    for path in (
        "/accounts/login/",
        "/accounts/signup/",
        "/accounts/password_reset/",
        f"/join/{joining}/",
        f"/s/{token}/",
        "/survey/review/",
        "short",  # the same link's survey, the campaign asking a target per component
    ):
        if path == "short":
            Campaign.objects.filter(pk=answered.pk).update(target_each_statement=False)
            path = "/survey/"
        assert respondent.goto(live_server.url + path).status == 200, path
        if (width := respondent.evaluate(WIDTH)) > PHONE["width"]:
            too_wide[path] = width
    assert respondent.locator("fieldset.component-target").count() == 6  # the one page
    assert too_wide == {}
    assert console_errors == []
