"""Every URL of the app × every persona × GET and POST, with the exact status code each gets.

``organisations.access`` decides who may see what; this walks the whole URL map against
its rules, so a page that forgets its filter fails here, and so does a new URL without a
row: the table must name every URL the resolver knows.
"""

import datetime
import io
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection, transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from PIL import Image

from accounts.models import User
from actions.models import Action
from campaigns.models import ParticipantImport, ReportingGroup
from organisations.models import ColleagueInvitation, Logo, Membership, Organisation, Role
from reports.models import BuildState, OrganisationPdf, ResultsExport
from tests.builders import CONFIRMED, EVERY_COMPONENT, invite, rate_all

# The personas, in the order of the table's code columns:
#   anon   nobody logged in
#   plain  an account with no membership anywhere
#   member a member of Acme (Role.MEMBER) who leads nothing
#   other  a leader of Acme's Support team: not the team whose report or action is asked for
#   hr     Acme's HR (Role.ADMIN)
#   cons   a consultant of another client, Globex (Role.CONSULTANT)
#   owner  the leader of Sales: their self-assessment, their action, their export
#   staff  a staff account with no membership: staff import frameworks, and see nothing else
ROLES = ("anon", "plain", "member", "other", "hr", "cons", "owner", "staff")

L = "login"  # a 302 to the login page, ?next= the page asked for
GET, POST = "GET", "POST"


@dataclass(frozen=True)
class Row:
    name: str
    method: str
    args: str  # the URL's arguments, as keys of the world, in order
    codes: dict[str, int | str]

    @classmethod
    def of(cls, name, method, args, *codes):
        assert len(codes) == len(ROLES), name
        return cls(name, method, args, dict(zip(ROLES, codes, strict=True)))


# Argument keys (see ``world``): acme, logo (Acme's logo), sales, support, hr_member,
# campaign (open, Acme), submitted and draft (the owner's self-assessments), team_action (of
# Sales), self_action (of the submitted assessment), export (the owner's), pdf (an
# organisation PDF), valid and bogus (survey links), first (a component's key), slug, version.
# POST bodies are in BODIES; a POST without one sends an empty, invalid form.
# fmt: off
TABLE = [Row.of(*row) for row in [
    #                                                       anon      member    hr        owner
    # name                       method args                     plain     other     cons      staff
    ("home",                      GET,  "",                 200, 200, 200, 200, 200, 200, 200, 200),
    ("home",                      POST, "",                 405, 405, 405, 405, 405, 405, 405, 405),
    # Health checks are for the load balancer: public, any method, no data.
    ("health",                    GET,  "",                 200, 200, 200, 200, 200, 200, 200, 200),
    ("health",                    POST, "",                 200, 200, 200, 200, 200, 200, 200, 200),
    ("health_live",               GET,  "",                 200, 200, 200, 200, 200, 200, 200, 200),
    ("health_live",               POST, "",                 200, 200, 200, 200, 200, 200, 200, 200),
    # Signing up while logged in goes to the dashboard.
    ("signup",                    GET,  "",                 200, 302, 302, 302, 302, 302, 302, 302),
    ("signup",                    POST, "",                 200, 302, 302, 302, 302, 302, 302, 302),
    # Logging in (an empty form logs nobody in).
    ("login",                     GET,  "",                 200, 200, 200, 200, 200, 200, 200, 200),
    ("login",                     POST, "",                 200, 200, 200, 200, 200, 200, 200, 200),
    # Everyone's own account: their name (an empty form changes nothing).
    ("account",                   GET,  "",                 L,   200, 200, 200, 200, 200, 200, 200),
    ("account",                   POST, "",                 L,   200, 200, 200, 200, 200, 200, 200),
    # Everyone's own data, as a file; deleting one's account asks for the password (an empty
    # form deletes nothing), and HR, Acme's last admin, is told it cannot go yet.
    ("account_data",              GET,  "",                 L,   200, 200, 200, 200, 200, 200, 200),
    ("account_data",              POST, "",                 L,   405, 405, 405, 405, 405, 405, 405),
    ("account_delete",            GET,  "",                 L,   200, 200, 200, 200, 200, 200, 200),
    ("account_delete",            POST, "",                 L,   200, 200, 200, 200, 200, 200, 200),
    # Django's password reset, limited per address (an empty form sends nothing).
    ("password_reset",            GET,  "",                 200, 200, 200, 200, 200, 200, 200, 200),
    ("password_reset",            POST, "",                 200, 200, 200, 200, 200, 200, 200, 200),
    # A new link to confirm one's own address (the personas' are confirmed: nothing is sent).
    ("address_resend",            GET,  "",                 L,   405, 405, 405, 405, 405, 405, 405),
    ("address_resend",            POST, "",                 L,   302, 302, 302, 302, 302, 302, 302),
    # The link mailed to confirm an address: a made-up one confirms nobody.
    ("address_confirm",           GET,  "bogus bogus",      400, 400, 400, 400, 400, 400, 400, 400),
    ("address_confirm",           POST, "bogus bogus",      400, 400, 400, 400, 400, 400, 400, 400),
    # Frameworks are shared by every organisation and public; importing one is for staff.
    ("framework_list",            GET,  "",                 200, 200, 200, 200, 200, 200, 200, 200),
    ("framework_list",            POST, "",                 200, 200, 200, 200, 200, 200, 200, 200),
    ("framework_import",          GET,  "",                 404, 404, 404, 404, 404, 404, 404, 200),
    ("framework_import",          POST, "",                 404, 404, 404, 404, 404, 404, 404, 200),
    ("framework_detail",          GET,  "slug version",     200, 200, 200, 200, 200, 200, 200, 200),
    ("framework_detail",          POST, "slug version",     200, 200, 200, 200, 200, 200, 200, 200),
    ("framework_file",            GET,  "slug version",     200, 200, 200, 200, 200, 200, 200, 200),
    ("framework_file",            POST, "slug version",     200, 200, 200, 200, 200, 200, 200, 200),
    # Organisations: anyone may create one; its set-up is for its HR and consultants.
    ("organisation_list",         GET,  "",                 L,   200, 200, 200, 200, 200, 200, 200),
    ("organisation_list",         POST, "",                 L,   200, 200, 200, 200, 200, 200, 200),
    ("organisation_switch",       GET,  "",                 L,   405, 405, 405, 405, 405, 405, 405),
    ("organisation_switch",       POST, "",                 L,   404, 302, 302, 302, 404, 302, 404),
    ("organisation_detail",       GET,  "acme",             L,   404, 404, 404, 200, 404, 404, 404),
    ("organisation_detail",       POST, "acme",             L,   404, 404, 404, 200, 404, 404, 404),
    ("branding",                  GET,  "acme",             L,   404, 404, 404, 200, 404, 404, 404),
    ("branding",                  POST, "acme",             L,   404, 404, 404, 200, 404, 404, 404),
    # The audit trail: for those who set the organisation up; nothing to post.
    ("organisation_activity",     GET,  "acme",             L,   404, 404, 404, 200, 404, 404, 404),
    ("organisation_activity",     POST, "acme",             L,   405, 405, 405, 405, 405, 405, 405),
    ("organisation_logo",         GET,  "logo",             L,   404, 200, 200, 200, 404, 200, 404),
    ("organisation_logo",         POST, "logo",             L,   404, 200, 200, 200, 404, 200, 404),
    ("team_add",                  GET,  "acme",             L,   404, 404, 404, 200, 404, 404, 404),
    ("team_add",                  POST, "acme",             L,   404, 404, 404, 200, 404, 404, 404),
    ("team_edit",                 GET,  "acme sales",       L,   404, 404, 404, 200, 404, 404, 404),
    ("team_edit",                 POST, "acme sales",       L,   404, 404, 404, 200, 404, 404, 404),
    ("member_add",                GET,  "acme",             L,   405, 405, 405, 405, 405, 405, 405),
    ("member_add",                POST, "acme",             L,   404, 404, 404, 302, 404, 404, 404),
    # An invitation to join: HR withdraws it; its link shows it to anyone, and accepts it
    # only for the account with its address (none of these personas).
    ("colleague_invitation_withdraw", GET, "acme colleague", L, 405, 405, 405, 405, 405, 405, 405),
    ("colleague_invitation_withdraw", POST, "acme colleague", L, 404, 404, 404, 302, 404, 404, 404),
    ("colleague_join",            GET,  "joining",          200, 200, 200, 200, 200, 200, 200, 200),
    ("colleague_join",            POST, "joining",          200, 200, 200, 200, 200, 200, 200, 200),
    ("colleague_join",            GET,  "bogus",            404, 404, 404, 404, 404, 404, 404, 404),
    ("participant_domains",       GET,  "acme",             L,   405, 405, 405, 405, 405, 405, 405),
    ("participant_domains",       POST, "acme",             L,   404, 404, 404, 302, 404, 404, 404),
    ("participant_retention",     GET,  "acme",             L,   405, 405, 405, 405, 405, 405, 405),
    ("participant_retention",     POST, "acme",             L,   404, 404, 404, 302, 404, 404, 404),
    # HR's own membership: HR is told they cannot remove themselves.
    ("member_remove",             GET,  "acme hr_member",   L,   405, 405, 405, 405, 405, 405, 405),
    ("member_remove",             POST, "acme hr_member",   L,   404, 404, 404, 302, 404, 404, 404),
    # Campaigns: seen by HR and by the leaders of a team in it; set up by HR.
    ("campaign_list",             GET,  "",                 L,   200, 200, 200, 200, 200, 200, 200),
    ("campaign_list",             POST, "",                 L,   200, 200, 200, 200, 200, 200, 200),
    ("campaign_detail",           GET,  "campaign",         L,   404, 404, 200, 200, 404, 200, 404),
    ("campaign_detail",           POST, "campaign",         L,   404, 404, 200, 200, 404, 200, 404),
    ("campaign_add",              GET,  "acme",             L,   404, 404, 404, 200, 404, 404, 404),
    ("campaign_add",              POST, "acme",             L,   404, 404, 404, 200, 404, 404, 404),
    ("campaign_edit",             GET,  "campaign",         L,   404, 404, 404, 200, 404, 404, 404),
    ("campaign_edit",             POST, "campaign",         L,   404, 404, 404, 200, 404, 404, 404),
    ("campaign_open",             GET,  "campaign",         L,   404, 404, 404, 302, 404, 404, 404),
    ("campaign_open",             POST, "campaign",         L,   404, 404, 404, 302, 404, 404, 404),
    ("campaign_close",            GET,  "campaign",         L,   404, 404, 404, 200, 404, 404, 404),
    ("campaign_close",            POST, "campaign",         L,   404, 404, 404, 302, 404, 404, 404),
    ("campaign_publish",          GET,  "campaign",         L,   404, 404, 404, 200, 404, 404, 404),
    ("campaign_publish",          POST, "campaign",         L,   404, 404, 404, 302, 404, 404, 404),
    # Published already: the groups are fixed, and the page says so.
    ("reporting_groups",          GET,  "campaign",         L,   404, 404, 404, 200, 404, 404, 404),
    ("reporting_groups",          POST, "campaign",         L,   404, 404, 404, 200, 404, 404, 404),
    ("reporting_group_delete",    GET,  "campaign group",   L,   405, 405, 405, 405, 405, 405, 405),
    ("reporting_group_delete",    POST, "campaign group",   L,   404, 404, 404, 302, 404, 404, 404),
    # The survey as a team member sees it, and a test invitation: HR's alone.
    ("survey_preview",            GET,  "campaign",         L,   404, 404, 404, 200, 404, 404, 404),
    ("survey_preview",            POST, "campaign",         L,   404, 404, 404, 302, 404, 404, 404),
    ("survey_preview_step",       GET,  "campaign first",   L,   404, 404, 404, 200, 404, 404, 404),
    ("survey_preview_step",       POST, "campaign first",   L,   404, 404, 404, 302, 404, 404, 404),
    ("test_invitation",           GET,  "campaign",         L,   405, 405, 405, 405, 405, 405, 405),
    ("test_invitation",           POST, "campaign",         L,   404, 404, 404, 302, 404, 404, 404),
    ("campaign_remind",           GET,  "campaign",         L,   405, 405, 405, 405, 405, 405, 405),
    ("campaign_remind",           POST, "campaign",         L,   404, 404, 404, 302, 404, 404, 404),
    ("campaign_next_wave",        GET,  "campaign",         L,   405, 405, 405, 405, 405, 405, 405),
    ("campaign_next_wave",        POST, "campaign",         L,   404, 404, 404, 302, 404, 404, 404),
    ("campaign_participants",     GET,  "campaign",         L,   404, 404, 404, 200, 404, 404, 404),
    ("campaign_participants",     POST, "campaign",         L,   404, 404, 404, 200, 404, 404, 404),
    ("participants_import",       GET,  "campaign import",  L,   404, 404, 404, 200, 404, 404, 404),
    ("participants_import",       POST, "campaign import",  L,   404, 404, 404, 302, 404, 404, 404),
    ("participant_edit",          GET,  "campaign invitation", L, 404, 404, 404, 200, 404, 404, 404),  # noqa: E501
    ("participant_edit",          POST, "campaign invitation", L, 404, 404, 404, 200, 404, 404, 404),  # noqa: E501
    ("participant_remove",        GET,  "campaign invitation", L, 405, 405, 405, 405, 405, 405, 405),  # noqa: E501
    ("participant_remove",        POST, "campaign invitation", L, 404, 404, 404, 302, 404, 404, 404),  # noqa: E501
    # Erasing a participant, or deleting a campaign: HR's, asked first on a page.
    ("participant_erase",         GET,  "campaign invitation", L, 404, 404, 404, 200, 404, 404, 404),  # noqa: E501
    ("participant_erase",         POST, "campaign invitation", L, 404, 404, 404, 302, 404, 404, 404),  # noqa: E501
    ("campaign_delete",           GET,  "campaign",         L,   404, 404, 404, 200, 404, 404, 404),
    ("campaign_delete",           POST, "campaign",         L,   404, 404, 404, 302, 404, 404, 404),
    ("participant_add",           GET,  "campaign",         L,   405, 405, 405, 405, 405, 405, 405),
    ("participant_add",           POST, "campaign",         L,   404, 404, 404, 200, 404, 404, 404),
    ("participants_upload",       GET,  "campaign",         L,   405, 405, 405, 405, 405, 405, 405),
    ("participants_upload",       POST, "campaign",         L,   404, 404, 404, 200, 404, 404, 404),
    # The survey takes no login: the link is the key, whoever holds it. It leaves its token
    # in the session ("opened": the valid link was opened first in the same browser); the
    # pages after it answer nobody who has not opened a link.
    ("survey_start",              GET,  "valid",            302, 302, 302, 302, 302, 302, 302, 302),
    ("survey_start",              POST, "valid",            302, 302, 302, 302, 302, 302, 302, 302),
    ("survey_start",              GET,  "bogus",            404, 404, 404, 404, 404, 404, 404, 404),
    ("survey_start",              POST, "bogus",            404, 404, 404, 404, 404, 404, 404, 404),
    ("survey_resume",             GET,  "opened",           302, 302, 302, 302, 302, 302, 302, 302),
    ("survey_resume",             POST, "opened",           302, 302, 302, 302, 302, 302, 302, 302),
    ("survey_resume",             GET,  "",                 404, 404, 404, 404, 404, 404, 404, 404),
    ("survey_resume",             POST, "",                 404, 404, 404, 404, 404, 404, 404, 404),
    ("survey_review",             GET,  "opened",           200, 200, 200, 200, 200, 200, 200, 200),
    ("survey_review",             POST, "opened",           200, 200, 200, 200, 200, 200, 200, 200),
    ("survey_review",             GET,  "",                 404, 404, 404, 404, 404, 404, 404, 404),
    # The organisation's logo, for a browser that opened a link to its survey only.
    ("survey_logo",               GET,  "opened",           200, 200, 200, 200, 200, 200, 200, 200),
    ("survey_logo",               POST, "opened",           200, 200, 200, 200, 200, 200, 200, 200),
    ("survey_logo",               GET,  "",                 404, 404, 404, 404, 404, 404, 404, 404),
    ("survey_logo",               POST, "",                 404, 404, 404, 404, 404, 404, 404, 404),
    ("survey_review",             POST, "",                 404, 404, 404, 404, 404, 404, 404, 404),
    ("survey_submit",             GET,  "opened",           405, 405, 405, 405, 405, 405, 405, 405),
    ("survey_submit",             POST, "opened",           302, 302, 302, 302, 302, 302, 302, 302),
    ("survey_submit",             GET,  "",                 405, 405, 405, 405, 405, 405, 405, 405),
    ("survey_submit",             POST, "",                 404, 404, 404, 404, 404, 404, 404, 404),
    ("survey_step",               GET,  "opened first",     200, 200, 200, 200, 200, 200, 200, 200),
    ("survey_step",               POST, "opened first",     200, 200, 200, 200, 200, 200, 200, 200),
    ("survey_step",               GET,  "first",            404, 404, 404, 404, 404, 404, 404, 404),
    ("survey_step",               POST, "first",            404, 404, 404, 404, 404, 404, 404, 404),
    # A self-assessment is its leader's alone: not HR's, not a consultant's.
    ("assessment_start",          GET,  "",                 L,   405, 405, 405, 405, 405, 405, 405),
    ("assessment_start",          POST, "",                 L,   302, 302, 302, 302, 302, 302, 302),
    ("assessment_resume",         GET,  "submitted",        L,   404, 404, 404, 404, 404, 302, 404),
    ("assessment_resume",         POST, "submitted",        L,   404, 404, 404, 404, 404, 302, 404),
    ("assessment_resume",         GET,  "draft",            L,   404, 404, 404, 404, 404, 302, 404),
    ("assessment_review",         GET,  "submitted",        L,   404, 404, 404, 404, 404, 302, 404),
    ("assessment_review",         POST, "submitted",        L,   404, 404, 404, 404, 404, 302, 404),
    ("assessment_review",         GET,  "draft",            L,   404, 404, 404, 404, 404, 200, 404),
    ("assessment_submit",         GET,  "submitted",        L,   405, 405, 405, 405, 405, 405, 405),
    ("assessment_submit",         POST, "submitted",        L,   404, 404, 404, 404, 404, 302, 404),
    ("assessment_submit",         POST, "draft",            L,   404, 404, 404, 404, 404, 302, 404),
    # A submitted assessment cannot change: its steps redirect to the report, a POST is a 404.
    ("assessment_step",           GET,  "submitted first",  L,   404, 404, 404, 404, 404, 302, 404),
    ("assessment_step",           POST, "submitted first",  L,   404, 404, 404, 404, 404, 404, 404),
    ("assessment_step",           GET,  "draft first",      L,   404, 404, 404, 404, 404, 200, 404),
    ("assessment_step",           POST, "draft first",      L,   404, 404, 404, 404, 404, 200, 404),
    # Actions: planned from a report the user sees; an action is seen as its report is.
    ("action_new",                GET,  "submitted",        L,   404, 404, 404, 404, 404, 200, 404),
    ("action_new",                POST, "submitted",        L,   404, 404, 404, 404, 404, 200, 404),
    ("action_new",                GET,  "draft",            L,   404, 404, 404, 404, 404, 404, 404),
    ("team_action_new",           GET,  "campaign sales",   L,   404, 404, 404, 200, 404, 200, 404),
    ("team_action_new",           POST, "campaign sales",   L,   404, 404, 404, 200, 404, 200, 404),
    ("team_action_new",           GET,  "campaign support", L,   404, 404, 200, 200, 404, 404, 404),
    ("organisation_action_new",   GET,  "campaign",         L,   404, 404, 404, 200, 404, 404, 404),
    ("organisation_action_new",   POST, "campaign",         L,   404, 404, 404, 200, 404, 404, 404),
    ("action_edit",               GET,  "team_action",      L,   404, 404, 404, 200, 404, 200, 404),
    ("action_edit",               POST, "team_action",      L,   404, 404, 404, 200, 404, 200, 404),
    ("action_edit",               GET,  "self_action",      L,   404, 404, 404, 404, 404, 200, 404),
    ("action_edit",               POST, "self_action",      L,   404, 404, 404, 404, 404, 200, 404),
    # Reports.
    ("dashboard",                 GET,  "",                 L,   200, 200, 200, 200, 200, 200, 200),
    ("dashboard",                 POST, "",                 L,   200, 200, 200, 200, 200, 200, 200),
    ("self_report",               GET,  "submitted",        L,   404, 404, 404, 404, 404, 200, 404),
    ("self_report",               POST, "submitted",        L,   404, 404, 404, 404, 404, 200, 404),
    ("self_report",               GET,  "draft",            L,   404, 404, 404, 404, 404, 302, 404),
    ("save_reflection",           GET,  "submitted first",  L,   405, 405, 405, 405, 405, 405, 405),
    ("save_reflection",           POST, "submitted first",  L,   404, 404, 404, 404, 404, 302, 404),
    ("team_report",               GET,  "campaign sales",   L,   404, 404, 404, 200, 404, 200, 404),
    ("team_report",               POST, "campaign sales",   L,   404, 404, 404, 200, 404, 200, 404),
    ("team_report",               GET,  "campaign support", L,   404, 404, 200, 200, 404, 404, 404),
    ("organisation_report",       GET,  "campaign",         L,   404, 404, 404, 200, 404, 404, 404),
    ("organisation_report",       POST, "campaign",         L,   404, 404, 404, 200, 404, 404, 404),
    # Exports: the POST asks for an unknown format, a 400 to whoever sees the campaign.
    ("campaign_exports",          GET,  "campaign",         L,   404, 404, 200, 200, 404, 200, 404),
    ("campaign_exports",          POST, "campaign",         L,   404, 404, 400, 400, 404, 400, 404),
    # An export is its requester's (the owner's) alone, even HR's campaign.
    ("campaign_export_progress",  GET,  "campaign export",  L,   404, 404, 404, 404, 404, 200, 404),
    ("campaign_export_progress",  POST, "campaign export",  L,   404, 404, 404, 404, 404, 200, 404),
    ("campaign_export_download",  GET,  "campaign export",  L,   404, 404, 404, 404, 404, 200, 404),
    ("campaign_export_download",  POST, "campaign export",  L,   404, 404, 404, 404, 404, 200, 404),
    ("self_report_pdf",           GET,  "submitted",        L,   404, 404, 404, 404, 404, 200, 404),
    ("self_report_pdf",           POST, "submitted",        L,   404, 404, 404, 404, 404, 200, 404),
    ("team_report_pdf",           GET,  "campaign sales",   L,   404, 404, 404, 200, 404, 200, 404),
    ("team_report_pdf",           POST, "campaign sales",   L,   404, 404, 404, 200, 404, 200, 404),
    ("organisation_pdfs",         GET,  "campaign",         L,   404, 404, 404, 200, 404, 404, 404),
    ("organisation_pdfs",         POST, "campaign",         L,   404, 404, 404, 302, 404, 404, 404),
    ("organisation_pdf_progress", GET,  "campaign pdf",     L,   404, 404, 404, 200, 404, 404, 404),
    ("organisation_pdf_progress", POST, "campaign pdf",     L,   404, 404, 404, 200, 404, 404, 404),
    ("organisation_pdf_download", GET,  "campaign pdf",     L,   404, 404, 404, 200, 404, 404, 404),
    ("organisation_pdf_download", POST, "campaign pdf",     L,   404, 404, 404, 200, 404, 404, 404),
]]
# fmt: on

# POST bodies that let an allowed persona through without breaking the world: each request
# runs in a transaction rolled back after it, so a campaign closed by HR opens again.
BODIES = {
    "organisation_switch": lambda w: {"organisation": w["acme"]},
    "assessment_start": lambda w: {"framework": w["framework"]},
    "campaign_remind": lambda w: {"team": w["sales"]},
    "campaign_exports": lambda w: {"format": "pdf"},  # not an export format
    "organisation_pdfs": lambda w: {"language": "en"},
}

# Not the app's own: Django's admin (staff, its own permissions), its language switch and
# its login and password pages (django.contrib.auth.urls).
SKIPPED_URLCONFS = {"django.conf.urls.i18n", "django.contrib.auth.urls"}
SKIPPED_NAMESPACES = {"admin"}

# A persona refused must leave every table as it was (sessions aside: logging in writes one).
REFUSED = {L, 400, 404, 405}
WATCHED_APPS = ["accounts", "organisations", "campaigns", "assessments", "actions", "reports"]
WATCHED_APPS += ["frameworks", "django_tasks_database"]


def app_url_patterns(patterns=None):
    """Every URL pattern of the app, walked from the root resolver."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            module = getattr(pattern.urlconf_name, "__name__", None)
            if module in SKIPPED_URLCONFS or pattern.namespace in SKIPPED_NAMESPACES:
                continue
            yield from app_url_patterns(pattern.url_patterns)
        else:
            assert isinstance(pattern, URLPattern)
            yield pattern


def test_every_url_has_a_get_and_a_post_row():
    """A new URL fails here until the table says who may GET and POST it."""
    patterns = list(app_url_patterns())
    assert [str(p.pattern) for p in patterns if p.name is None] == []
    names = {pattern.name for pattern in patterns}
    assert {row.name for row in TABLE} == names
    methods = {name: {row.method for row in TABLE if row.name == name} for name in names}
    assert {name for name, seen in methods.items() if seen != {GET, POST}} == set()


@pytest.fixture
def world(leader, other_leader, acme, hr_admin, teams, answered, six_pillars):
    """One of everything, and a persona for each column; values are what URLs take."""
    globex = Organisation.objects.create(name="Globex", slug="globex")
    Membership.objects.create(organisation=acme, user=leader, role=Role.LEADER)
    Membership.objects.create(organisation=acme, user=other_leader, role=Role.LEADER)
    teams["support"].leaders.add(other_leader)
    member = User.objects.create_user(
        "member@acme.example", "a-long-passphrase", email_verified_at=CONFIRMED
    )
    Membership.objects.create(organisation=acme, user=member, role=Role.MEMBER)
    consultant = User.objects.create_user(
        "consultant@globex.example", "a-long-passphrase", email_verified_at=CONFIRMED
    )
    Membership.objects.create(organisation=globex, user=consultant, role=Role.CONSULTANT)
    personas = {
        "anon": None,
        "plain": User.objects.create_user(
            "plain@example.com", "a-long-passphrase", email_verified_at=CONFIRMED
        ),
        "member": member,
        "other": other_leader,
        "hr": hr_admin,
        "cons": consultant,
        "owner": leader,
        "staff": User.objects.create_user(
            "staff@cxlab.example", "a-long-pass", is_staff=True, email_verified_at=CONFIRMED
        ),
    }
    png = io.BytesIO()
    Image.new("RGB", (4, 4), "#1f5fa8").save(png, "PNG")
    Logo.objects.create(organisation=acme, image=png.getvalue(), content_type="image/png")
    submitted = rate_all(leader, six_pillars, EVERY_COMPONENT)
    draft = rate_all(leader, six_pillars, {"personalisation": (2, 4)}, submit=False)
    first = six_pillars.components.first()
    due = timezone.localdate() + datetime.timedelta(days=30)
    team_action = Action.objects.create(
        campaign=answered,
        team=teams["sales"],
        component=first,
        title="Call back in a day",
        owner=leader,
        due_on=due,
        created_by=hr_admin,
    )
    self_action = Action.objects.create(
        assessment=submitted, component=first, title="Ask, then listen", owner=leader, due_on=due
    )
    export = ResultsExport.objects.create(
        campaign=answered,
        requested_by=leader,
        file_format="csv",
        language="en",
        state=BuildState.READY,
        content=b"Team,Current\r\n",
    )
    pdf = OrganisationPdf.objects.create(
        campaign=answered,
        language="en",
        requested_by=hr_admin,
        steps=7,
        state=BuildState.READY,
        content=b"%PDF-1.7\n",
    )
    fresh, token = invite(answered, teams["north"], "fresh@acme.example")
    colleague = ColleagueInvitation(organisation=acme, email="new@acme.example", role=Role.LEADER)
    joining = colleague.new_token()
    colleague.save()
    values = {
        "acme": acme.pk,
        "logo": acme.pk,  # a logo's key is its organisation's
        "sales": teams["sales"].pk,
        "support": teams["support"].pk,
        "hr_member": hr_admin.memberships.get().pk,
        "campaign": answered.pk,
        "framework": six_pillars.pk,
        "submitted": submitted.pk,
        "draft": draft.pk,
        "team_action": team_action.pk,
        "self_action": self_action.pk,
        "export": export.pk,
        "pdf": pdf.pk,
        "group": ReportingGroup.objects.create(campaign=answered, name="North + South").pk,
        "valid": token,
        "colleague": colleague.pk,
        "import": ParticipantImport.objects.create(
            campaign=answered, requested_by=hr_admin, file_name="people.csv", state="new_teams"
        ).pk,
        "joining": joining,
        "invitation": fresh.pk,  # not mailed yet: HR may still take it off the list
        "bogus": "not-an-invitation",
        "first": first.key,
        "slug": six_pillars.slug,
        "version": six_pillars.version,
    }
    return personas, values


def watched_tables() -> list[str]:
    """A query per table of the app's, reading every row but a user's last login (each
    persona logs in)."""
    queries = []
    for label in WATCHED_APPS:
        for model in apps.get_app_config(label).get_models():
            quote = connection.ops.quote_name
            columns = [
                quote(f.column) for f in model._meta.concrete_fields if f.name != "last_login"
            ]
            table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
            queries.append(f"SELECT {', '.join(columns)} FROM {table} ORDER BY {pk}")
    return queries


def snapshot(queries) -> list[list[tuple]]:
    with connection.cursor() as cursor:
        rows = []
        for query in queries:
            cursor.execute(query)
            rows.append(
                [
                    tuple(bytes(v) if isinstance(v, memoryview) else v for v in row)
                    for row in cursor.fetchall()
                ]
            )
    return rows


def outcome(response, url):
    """The status code, or ``L`` for a redirect to the login page and back."""
    if response.status_code == 302 and response["Location"] == f"{reverse('login')}?next={url}":
        return L
    return response.status_code


def test_every_persona_gets_the_code_the_rules_give(world):
    """Each cell runs in a transaction rolled back after it: every cell sees the same world,
    and a refused POST must have changed nothing."""
    personas, values = world
    # One client, as each new one loads every static file; one session per persona.
    client = Client(raise_request_exception=False)
    sessions = {}
    for role, user in personas.items():
        client.cookies.clear()
        if user is not None:
            client.force_login(user)
            sessions[role] = client.cookies[settings.SESSION_COOKIE_NAME].value
    queries = watched_tables()
    before = snapshot(queries)
    wrong = []
    for row in TABLE:
        opened = "opened" in row.args.split()
        arguments = [values[key] for key in row.args.split() if key != "opened"]
        url = reverse(row.name, args=arguments)
        body = BODIES.get(row.name, lambda w: {})(values)
        for role, expected in row.codes.items():
            with transaction.atomic():
                client.cookies.clear()  # nor messages nor a session left by the cell before
                if role in sessions:
                    client.cookies[settings.SESSION_COOKIE_NAME] = sessions[role]
                if opened:
                    client.get(reverse("survey_start", args=[values["valid"]]))
                if row.method == GET:
                    got = outcome(client.get(url), url)
                else:
                    got = outcome(client.post(url, body), url)
                if got != expected:
                    wrong.append(f"{row.method} {url} as {role}: expected {expected}, got {got}")
                elif row.method == POST and expected in REFUSED and snapshot(queries) != before:
                    wrong.append(f"{row.method} {url} as {role}: refused, yet changed data")
                transaction.set_rollback(True)
    assert wrong == [], "\n".join(wrong)
