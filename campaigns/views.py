"""Campaign pages: the list, response tracking, and the set-up HR does (settings, opening
and closing, participants and reminders).

Campaigns and teams are fetched through ``organisations.access``: a campaign the user may not
see, or set up on a set-up page, is a 404.
"""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from campaigns import imports, publishing
from campaigns.forms import CampaignForm, ParticipantForm, ParticipantsFileForm, RemindForm
from campaigns.models import (
    Campaign,
    CampaignState,
    Invitation,
    MailState,
    ParticipantChange,
    ParticipantImport,
    RaterRole,
)
from campaigns.participants import LineError
from campaigns.survey import page_forms, step_form, survey_context
from campaigns.tasks import (
    queue_mail,
    queue_reminders,
    reminder_day,
    schedule_reminder,
    send_test_invitation,
)
from campaigns.tracking import percent_of
from cxlab.inputs import LAST_DAY, storable_part
from frameworks.steps import progress
from organisations import access
from organisations.access import get_administered
from organisations.branding import branding
from organisations.workspace import Workspace

PARTICIPANTS_PER_PAGE = 100
CHANGES_LISTED = 50


def get_campaign(request, pk) -> Campaign:
    """A campaign the user may see, or a 404."""
    campaigns = Campaign.objects.select_related("organisation", "framework")
    return get_object_or_404(access.campaigns(request.user, campaigns), pk=pk)


def get_administered_campaign(request, pk) -> Campaign:
    """A campaign the user sets up, or a 404."""
    campaigns = Campaign.objects.select_related("organisation", "framework")
    return get_object_or_404(access.administered_campaigns(request.user, campaigns), pk=pk)


@login_required
def campaign_list(request):
    campaigns = access.campaigns(request.user, Campaign.objects.select_related("organisation"))
    current = Workspace.of(request).current
    if current:
        campaigns = campaigns.filter(organisation=current)
    # How many answered, for the campaigns the user sets up (a leader sees their teams'
    # counts on each campaign's page).
    members = Invitation.objects.filter(campaign=OuterRef("pk"), rater_role=RaterRole.TEAM)

    def count(invitations) -> Subquery:
        return Subquery(
            invitations.values("campaign").annotate(n=Count("pk")).values("n")[:1],
            output_field=IntegerField(),
        )

    campaigns = list(
        campaigns.annotate(
            invited=count(members),
            responded=count(members.filter(responded=True)),
            administered=Exists(
                access.administered(request.user).filter(pk=OuterRef("organisation"))
            ),
        )
    )
    for campaign in campaigns:
        campaign.rate = percent_of(campaign.responded or 0, campaign.invited or 0)
    return render(request, "campaigns/list.html", {"campaigns": campaigns, "current": current})


@login_required
def campaign_detail(request, pk):
    campaign = get_campaign(request, pk)
    publishing.final_publication(campaign)  # out as soon as it closes by its date
    teams = (
        access.teams(request.user)
        .filter(campaigns=campaign)
        .annotate(
            invited=Count("invitations", filter=Q(invitations__campaign=campaign)),
            responded=Count(
                "invitations",
                filter=Q(invitations__campaign=campaign, invitations__responded=True),
            ),
            mail_failed=Count(
                "invitations",
                filter=Q(invitations__campaign=campaign, invitations__mail_state=MailState.FAILED),
            ),
            reminded_at=Subquery(
                campaign.scope.filter(team=OuterRef("pk")).values("reminded_at")[:1]
            ),
        )
        .order_by("path")  # Meta.ordering does not apply to aggregating queries
    )
    teams = rolled_up(list(teams), dict(campaign.tree()))
    is_admin = access.administered(request.user).filter(pk=campaign.organisation_id)
    return render(
        request,
        "campaigns/detail.html",
        {
            "campaign": campaign,
            "teams": teams,
            "invited": sum(t.own_invited for t in teams),
            "reminder_day": reminder_day(campaign),
            "is_admin": is_admin.exists(),
            "publications": campaign.publications.select_related("published_by")[:5],
            "brand": branding(campaign.organisation),
        },
    )


COUNTS = ("invited", "responded", "mail_failed")


def rolled_up(teams: list, parents: dict) -> list:
    """The teams with their counts added up along the campaign's tree: a division counts
    its teams' invitations and answers with its own (kept as ``own_invited``)."""
    by_pk = {team.pk: team for team in teams}
    own = {team.pk: {name: getattr(team, name) for name in COUNTS} for team in teams}
    for team in teams:
        team.own_invited = team.invited
        parent = parents.get(team.pk)
        while parent is not None:
            if parent in by_pk:
                for name in COUNTS:
                    setattr(by_pk[parent], name, getattr(by_pk[parent], name) + own[team.pk][name])
            parent = parents.get(parent)
    return teams


@login_required
def campaign_form(request, pk=None, organisation_pk=None):
    """Create a campaign for an organisation (``organisation_pk``) or edit one (``pk``)."""
    campaign = get_administered_campaign(request, pk) if pk else None
    organisation = (
        campaign.organisation if campaign else get_administered(request.user, organisation_pk)
    )
    form = CampaignForm(request.POST or None, instance=campaign, organisation=organisation)
    if form.is_valid():
        with transaction.atomic():
            campaign = form.save()
            withdrawn = campaign.withdraw_unscoped() if campaign.state == CampaignState.DRAFT else 0
            if withdrawn:
                ParticipantChange.record(
                    campaign, request.user, ParticipantChange.Kind.WITHDRAWN, withdrawn
                )
        if {"closes_on", "remind_days_before_close"} & set(form.changed_data):
            schedule_reminder(campaign)  # its own reminder moves with its dates
        messages.success(request, _("Campaign saved."))
        if withdrawn:
            messages.info(
                request,
                ngettext(
                    "%d person of the teams taken out is no longer invited.",
                    "%d people of the teams taken out are no longer invited.",
                    withdrawn,
                )
                % withdrawn,
            )
        return redirect("campaign_detail", pk=campaign.pk)
    return render(
        request,
        "campaigns/form.html",
        {"organisation": organisation, "campaign": campaign, "form": form},
    )


def invite_now(request, campaign, invitations) -> None:
    """Mail the invitations at once if the campaign is open; otherwise they go when it opens."""
    if campaign.state == CampaignState.OPEN:
        on_their_way(request, queue_mail(invitations))


def on_their_way(request, count: int) -> None:
    messages.success(
        request,
        ngettext("%d invitation is on its way.", "%d invitations are on their way.", count) % count,
    )


@login_required
def open_campaign(request, pk):
    """Open a draft now, once HR has seen how many people it will mail, and when."""
    campaign = get_administered_campaign(request, pk)
    if campaign.status != CampaignState.DRAFT:
        messages.error(request, _("Only a draft campaign can be opened."))
    elif not campaign.teams.exists():
        messages.error(request, _("Choose the teams in scope before opening the campaign."))
    elif campaign.closes_on < timezone.localdate():
        messages.error(
            request,
            _("Its closing date has passed: move it in Settings before opening the campaign."),
        )
    elif request.method != "POST":
        to_mail = campaign.invitations.filter(mail_state=MailState.NOT_SENT)
        return render(
            request,
            "campaigns/open.html",
            {
                "campaign": campaign,
                "people": to_mail.count(),
                "leaders": to_mail.filter(rater_role=RaterRole.SELF).count(),
                "reminder_day": reminder_day(campaign),
            },
        )
    else:
        campaign.open()
        schedule_reminder(campaign)
        messages.success(request, _("The campaign is open."))
        invite_now(request, campaign, campaign.invitations.filter(mail_state=MailState.NOT_SENT))
    return redirect("campaign_detail", pk=campaign.pk)


@login_required
def participants(request, pk):
    campaign = get_administered_campaign(request, pk)
    return render_participants(request, campaign)


def render_participants(request, campaign, form=None, file_form=None, line_errors=()):
    search = storable_part(request.GET.get("q", "")).strip()[:100]
    listed = campaign.invitations.select_related("team").order_by("team__path", "email")
    if search:
        listed = listed.filter(
            Q(email__icontains=search) | Q(name__icontains=search) | Q(team__name__icontains=search)
        )
    invitations = Paginator(listed, PARTICIPANTS_PER_PAGE).get_page(request.GET.get("page"))
    mail_counts = campaign.invitations.aggregate(
        **{
            state.value or "not_sent": Count("pk", filter=Q(mail_state=state.value))
            for state in MailState
        }
    )
    return render(
        request,
        "campaigns/participants.html",
        {
            "search": search,
            "campaign": campaign,
            "invitations": invitations,
            "mail_counts": mail_counts,
            "changes": campaign.participant_changes.select_related("changed_by")[:CHANGES_LISTED],
            "form": form or ParticipantForm(campaign=campaign),
            "file_form": file_form or ParticipantsFileForm(),
            "line_errors": line_errors,
        },
    )


@login_required
@require_POST
def add_participant(request, pk):
    campaign = get_administered_campaign(request, pk)
    form = ParticipantForm(request.POST, campaign=campaign)
    if not form.is_valid():
        return render_participants(request, campaign, form=form)
    [(invitation, _token)] = campaign.invite([form.participant()])
    ParticipantChange.record(
        campaign, request.user, ParticipantChange.Kind.ADDED, 1, invitation.email
    )
    messages.success(request, _("%s is invited.") % invitation.email)
    invite_now(request, campaign, campaign.invitations.filter(pk=invitation.pk))
    return redirect("campaign_participants", pk=campaign.pk)


@login_required
@require_POST
def remove_participant(request, pk, invitation_pk):
    """Take someone off the list before their invitation has gone; recorded, like every
    change to the participants."""
    campaign = get_administered_campaign(request, pk)
    invitation = get_object_or_404(
        campaign.invitations, pk=invitation_pk, mail_state=MailState.NOT_SENT
    )
    invitation.delete()
    ParticipantChange.record(
        campaign, request.user, ParticipantChange.Kind.REMOVED, 1, invitation.email
    )
    messages.success(request, _("%s is no longer on the list.") % invitation.email)
    return redirect("campaign_participants", pk=campaign.pk)


@login_required
def edit_participant(request, pk, invitation_pk):
    """Correct someone's address, name, team or role before their invitation has gone;
    recorded, like every change to the participants."""
    campaign = get_administered_campaign(request, pk)
    invitation = get_object_or_404(
        campaign.invitations, pk=invitation_pk, mail_state=MailState.NOT_SENT
    )
    form = ParticipantForm(request.POST or None, campaign=campaign, editing=invitation)
    if form.is_valid():
        if form.has_changed():
            before = invitation.email
            person = form.participant()
            invitation.email, invitation.name = person.email, person.name
            invitation.team, invitation.rater_role = person.team, person.rater_role
            invitation.save(update_fields=["email", "name", "team", "rater_role"])
            detail = before if before == person.email else f"{before} → {person.email}"
            ParticipantChange.record(
                campaign, request.user, ParticipantChange.Kind.EDITED, 1, detail
            )
            messages.success(request, _("%s is changed.") % person.email)
        return redirect("campaign_participants", pk=campaign.pk)
    return render(
        request,
        "campaigns/participant_edit.html",
        {"campaign": campaign, "invitation": invitation, "form": form},
    )


@login_required
@require_POST
def upload_participants(request, pk):
    """A participants file: imported at once, refused with its lines' problems, or (a long
    file, or one naming teams the campaign lacks) followed on its import's own page."""
    campaign = get_administered_campaign(request, pk)
    file_form = ParticipantsFileForm(request.POST, request.FILES)
    if not file_form.is_valid():
        return render_participants(request, campaign, file_form=file_form)
    found = imports.start(
        campaign, request.user, request.FILES["file"].name, file_form.cleaned_data["file"]
    )
    if found.state == ParticipantImport.State.FAILED:
        return render_participants(
            request, campaign, file_form=file_form, line_errors=line_errors(found)
        )
    if found.state == ParticipantImport.State.DONE:
        imported_message(request, campaign, found)
        return redirect("campaign_participants", pk=campaign.pk)
    return redirect("participants_import", pk=campaign.pk, import_pk=found.pk)


def line_errors(found) -> list[LineError]:
    return [LineError(line, message) for line, message in found.errors]


def imported_message(request, campaign, found) -> None:
    messages.success(
        request,
        ngettext("%d participant imported.", "%d participants imported.", found.imported)
        % found.imported,
    )
    if campaign.state == CampaignState.OPEN:  # the import queued their mail
        on_their_way(request, found.imported)


@login_required
def participants_import(request, pk, import_pk):
    """How far a file has been read, what it found, and, where it names teams the campaign
    lacks, the button that creates them and reads it again."""
    campaign = get_administered_campaign(request, pk)
    found = get_object_or_404(campaign.participant_imports, pk=import_pk)
    if request.method == "POST" and found.state == ParticipantImport.State.NEW_TEAMS:
        if campaign.state != CampaignState.DRAFT:
            messages.error(request, _("Teams can be added only while the campaign is a draft."))
        else:
            created = imports.add_teams(found)
            ParticipantChange.record(
                campaign,
                request.user,
                ParticipantChange.Kind.TEAMS_ADDED,
                0,
                ", ".join(team.name for team in created)[:300],
            )
            imports.go_on(found)
            found.refresh_from_db()
            if found.state == ParticipantImport.State.DONE:
                imported_message(request, campaign, found)
                return redirect("campaign_participants", pk=campaign.pk)
        return redirect("participants_import", pk=campaign.pk, import_pk=found.pk)
    context = {"campaign": campaign, "found": found, "line_errors": line_errors(found)}
    if found.state == ParticipantImport.State.NEW_TEAMS:
        context["teams"] = imports.teams_named(found)
    return render(request, "campaigns/participants_import.html", context)


@login_required
@require_POST
def remind(request, pk):
    """Remind everyone who has not answered, in one team (``team`` in the form) or all."""
    campaign = get_administered_campaign(request, pk)
    if not campaign.accepts_responses():
        messages.error(request, _("Reminders can be sent only while the campaign is open."))
        return redirect("campaign_detail", pk=campaign.pk)
    form = RemindForm(request.POST, campaign=campaign)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["team"]))
        return redirect("campaign_detail", pk=campaign.pk)
    count = queue_reminders(campaign, form.cleaned_data["team"])
    if count:
        messages.success(
            request,
            ngettext("%d reminder is on its way.", "%d reminders are on their way.", count) % count,
        )
    else:
        messages.info(
            request,
            _(
                "Nobody to remind: everyone who has not answered has had a mail from this "
                "campaign in the last 48 hours."
            ),
        )
    return redirect("campaign_detail", pk=campaign.pk)


@login_required
@require_POST
def next_wave(request, pk):
    """Measure again: a draft with the same framework version, settings, teams and people,
    opening today for as long as this one ran. HR reviews it before opening it."""
    campaign = get_administered_campaign(request, pk)
    number = len(campaign.waves()) + 1
    # Today, or the day after this one closes: two waves never take answers at once.
    try:
        opens_on = max(timezone.localdate(), campaign.closes_on + datetime.timedelta(days=1))
        closes_on = opens_on + (campaign.closes_on - campaign.opens_on)
    except OverflowError:  # past the end of the calendar
        closes_on = None
    if closes_on is None or closes_on > LAST_DAY:
        messages.error(
            request,
            _("The next wave would close after %(day)s: change this campaign's dates first.")
            % {"day": date_format(LAST_DAY)},
        )
        return redirect("campaign_detail", pk=campaign.pk)
    wave = campaign.next_wave(wave_name(campaign.name, number), opens_on, closes_on)
    people = wave.invitations.count()
    ParticipantChange.record(
        wave, request.user, ParticipantChange.Kind.COPIED, people, campaign.name
    )
    messages.success(
        request,
        _(
            "Wave %(number)s is ready as a draft, with the same teams and %(people)s people. "
            "Change what you need, then open it from its page."
        )
        % {"number": number, "people": people},
    )
    return redirect("campaign_edit", pk=wave.pk)


def wave_name(name: str, number: int) -> str:
    """The wave's name, "Spring pulse · wave 2": the campaign's, cut short (…) where the
    whole would not fit its column."""
    longest = Campaign._meta.get_field("name").max_length
    named = _("%(name)s · wave %(number)s") % {"name": name, "number": number}
    if len(named) > longest:
        cut = name[: len(name) - (len(named) - longest) - 1] + "…"
        named = _("%(name)s · wave %(number)s") % {"name": cut, "number": number}
    return named


@login_required
@require_POST
def test_invitation(request, pk):
    """Mail HR themself the invitation as a team member gets it."""
    campaign = get_administered_campaign(request, pk)
    send_test_invitation.enqueue(campaign.pk, request.user.email, request.user.first_name)
    messages.success(
        request,
        _("A test invitation is on its way to %(email)s.") % {"email": request.user.email},
    )
    return redirect("campaign_detail", pk=pk)


@login_required
def preview_survey(request, pk, component_key=None):
    """The survey as a team member of the campaign sees it, for HR before opening it: the
    short survey's one page, or a detailed survey step by step. Nothing chosen is saved."""
    campaign = get_administered_campaign(request, pk)
    components = list(campaign.framework.components.prefetch_related("statements"))
    component = next((c for c in components if c.key == component_key), components[0])
    index = components.index(component)
    one_page = not campaign.target_each_statement
    if request.method == "POST":  # moving on saves nothing
        if "back" in request.POST and index:
            return redirect("survey_preview_step", pk=pk, component_key=components[index - 1].key)
        if index + 1 < len(components) and not one_page:
            return redirect("survey_preview_step", pk=pk, component_key=components[index + 1].key)
        messages.info(request, _("That was the end of the survey: the preview ends here."))
        return redirect("campaign_detail", pk=pk)
    invitation = Invitation(campaign=campaign, rater_role=RaterRole.TEAM)
    # HR: the logo at its own address, not the survey's
    context = survey_context(invitation, branding(campaign.organisation)) | {"preview": True}
    with translation.override(campaign.language):
        if one_page:
            context |= {"forms": page_forms(invitation, components), "submit_url": ""}
            return render(request, "survey/page.html", context)
        context |= {
            "component": component,
            "form": step_form(invitation, statements=list(component.statements.all())),
            "previous_url": "#" if index else None,
            **progress(
                components,
                set(),
                component,
                lambda c: reverse("survey_preview_step", args=[pk, c.key]),
                "#",
            ),
        }
        return render(request, "survey/step.html", context)
