"""A team member or leader answering a campaign from their invitation link, with no account.

The link's token is the only key: it finds the invitation (to know the campaign, team and
role) and, through a different hash, the draft of answers so far. The link is the only URL
that carries it: opening the link keeps the token in a signed cookie sent only to the pages
that follow, whose addresses name no one (``/survey/…``), so the token stays out of the
browser's history, of Referer headers and of every later log line. Respondents have no
session: a survey page reads nothing of the session table. Pages are in the campaign's
language.
"""

from dataclasses import replace
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import limits
from campaigns.models import AlreadyResponded, Invitation, RaterRole
from campaigns.tasks import release_responses
from frameworks.scale import RATING_SCALE
from frameworks.steps import (
    AUTOSAVE,
    BACK,
    SAVE_AND_EXIT,
    ComponentStepForm,
    framework_components,
    progress,
    review_rows,
    step_action,
)
from organisations.branding import Branding, branding
from organisations.models import Logo


class DraftRating:
    def __init__(self, current, target):
        self.current, self.target = current, target


SURVEY = "survey"  # the cookie that keeps the link's token, signed
SURVEY_PATH = "/survey/"  # the only pages it is sent to
SALT = "cxlab.survey"


def link_token(request) -> str:
    """The token of the link this browser opened: empty if it opened none, or if the
    cookie was changed or is older than a session lasts."""
    return request.get_signed_cookie(
        SURVEY, default="", salt=SALT, max_age=settings.SESSION_COOKIE_AGE
    )


def keep_token(response, token: str):
    response.set_signed_cookie(
        SURVEY,
        token,
        salt=SALT,
        max_age=settings.SESSION_COOKIE_AGE,
        path=SURVEY_PATH,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    return response


def survey_page(view):
    """Find the invitation from the token the link left in its cookie, and speak the
    campaign's language.

    An unknown link (or none opened in this browser), an answered invitation and a campaign
    not taking answers each get their own clear page instead of the view.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        token = link_token(request)
        invitation = Invitation.for_token(token) if token else None
        if invitation is None:
            return render(request, "survey/unknown.html", status=404)
        with translation.override(invitation.campaign.language):
            if invitation.responded:
                return render(request, "survey/thanks.html", {"campaign": invitation.campaign})
            if not invitation.campaign.accepts_responses():
                return render(
                    request, "survey/closed.html", {"campaign": invitation.campaign}, status=410
                )
            return view(request, token, invitation, *args, **kwargs)

    return wrapper


def start(request, token):
    """The invitation link: keep its token for the pages that follow, which name no one.

    An address that tries too many unknown links is refused any link for a while: links
    cannot be guessed, and trying is no way to find one."""
    if limits.unknown_links_exceeded(request, count=False):
        return limits.too_many(request)
    if Invitation.for_token(token) is None:
        limits.unknown_links_exceeded(request, count=True)
        return render(request, "survey/unknown.html", status=404)
    return keep_token(redirect("survey_resume"), token)


def survey_context(invitation, brand: Branding | None = None) -> dict:
    campaign = invitation.campaign
    return {
        "campaign": campaign,
        "brand": brand or survey_brand(campaign.organisation),
        "framework": campaign.framework,
        "rater_role": invitation.rater_role,
        "rates_target": rates_target(invitation),
        "scale": RATING_SCALE,
    }


def steps_context(token, invitation, draft, components, current) -> dict:
    return survey_context(invitation) | progress(
        components,
        draft.completed_component_ids(components),
        current,
        step_url,
        reverse("survey_review"),
    )


def survey_brand(organisation) -> Branding:
    """The organisation's look for its survey: its logo from ``survey_logo``, which the
    link's cookie may fetch (respondents have no account)."""
    brand = branding(organisation)
    if brand.logo:
        brand = replace(brand, logo=reverse("survey_logo") + "?" + brand.logo.split("?")[-1])
    return brand


def logo(request):
    """The logo of the organisation whose survey link this browser opened; a 404 for any
    other browser, or an organisation without one."""
    token = link_token(request)
    invitation = Invitation.for_token(token) if token else None
    if invitation is None:
        raise Http404("No survey link opened in this browser.")
    image = get_object_or_404(Logo, organisation=invitation.campaign.organisation_id)
    response = HttpResponse(bytes(image.image), content_type=image.content_type)
    response["Cache-Control"] = "private, max-age=3600"
    return response


def rates_target(invitation) -> bool:
    return invitation.rater_role == RaterRole.SELF or invitation.campaign.team_rates_target


def step_url(component) -> str:
    return reverse("survey_step", args=[component.key])


def components_of(invitation):
    return framework_components(invitation.campaign.framework)


@survey_page
def resume(request, token, invitation):
    """A short survey (a target per component) is this one page; a detailed one goes on
    at its first step not yet rated."""
    components = components_of(invitation)
    if not invitation.campaign.target_each_statement:
        return one_page(request, token, invitation, components)
    done = invitation.draft(token).completed_component_ids(components)
    following = next((c for c in components if c.pk not in done), None)
    if following is None:
        return redirect("survey_review")
    return redirect("survey_step", component_key=following.key)


def step_form(invitation, *args, **kwargs) -> ComponentStepForm:
    """A survey step: a team member's comment says who will read it; a leader, whose
    ratings are shown as theirs, has no comment to leave."""
    form = ComponentStepForm(
        *args,
        rates_target=rates_target(invitation),
        target_per_component=not invitation.campaign.target_each_statement,
        **kwargs,
    )
    if invitation.rater_role == RaterRole.SELF:
        del form.fields["note"]
    else:
        note = form.fields["note"]
        note.label = _("Comment (optional)")
        note.help_text = _(
            "Shown without your name, mixed in with others' comments and with no date, in "
            "the reports of your team and of the teams above it, to HR and to their leaders; "
            "only where at least %(minimum)s people answered. Leave out anything that would "
            "say who you are."
        ) % {"minimum": invitation.campaign.comment_minimum}
    return form


@survey_page
def step(request, token, invitation, component_key):
    components = components_of(invitation)
    component = next((c for c in components if c.key == component_key), None)
    if component is None:
        raise Http404("No such component in this campaign.")
    statements = list(component.statements.all())
    index = components.index(component)

    if request.method == "POST":
        form = step_form(invitation, request.POST, statements=statements)
        # Whatever is asked, what the step holds is saved first, complete or not.
        draft = invitation.save_answers(
            token, component, form.states, form.answers(), form.given_note()
        )
        action = step_action(request.POST)
        if action == AUTOSAVE:
            return JsonResponse({"saved": True})
        if action == BACK and index:
            return redirect("survey_step", component_key=components[index - 1].key)
        if action == SAVE_AND_EXIT:
            return render(request, "survey/saved.html", {"campaign": invitation.campaign})
        if form.is_valid():
            if index + 1 == len(components):
                return redirect("survey_review")
            return redirect("survey_step", component_key=components[index + 1].key)
    else:
        draft = invitation.draft(token)
        saved = draft.rating_map()
        initial = ComponentStepForm.initial_with(
            {s.pk: saved[s.pk] for s in statements if s.pk in saved}, draft.pending
        )
        initial["note"] = draft.note_map().get(component.pk, "")
        form = step_form(invitation, initial=initial, statements=statements)

    return render(
        request,
        "survey/step.html",
        {
            "component": component,
            "form": form,
            "previous_url": step_url(components[index - 1]) if index else None,
            **steps_context(token, invitation, draft, components, component),
        },
    )


def page_forms(invitation, components, data=None, draft=None) -> list[ComponentStepForm]:
    """The short survey's forms, one per component, each named by its component: from
    ``data`` posted, or with the ``draft``'s answers so far."""
    forms = []
    saved, notes = (draft.rating_map(), draft.note_map()) if draft else ({}, {})
    for component in components:
        statements = list(component.statements.all())
        initial = {}
        if draft is not None:
            initial = ComponentStepForm.initial_with(
                {s.pk: saved[s.pk] for s in statements if s.pk in saved}, draft.pending
            )
            initial["note"] = notes.get(component.pk, "")
        form = step_form(
            invitation, data, initial=initial, statements=statements, prefix=f"c{component.pk}"
        )
        form.component = component
        forms.append(form)
    return forms


def saved_data(draft, invitation, components) -> dict[str, str]:
    """The draft's answers as the page would post them."""
    return {
        form.add_prefix(name): value
        for form in page_forms(invitation, components, draft=draft)
        for name, value in form.initial.items()
        if value and name in form.fields
    }


def one_page(request, token, invitation, components):
    """The short survey: every component on one page, each answer saved as it is given
    (or with the page's buttons), submitted from the page."""
    draft = invitation.draft(token)
    if request.method == "POST":
        forms = page_forms(invitation, components, request.POST)
        for form in forms:
            answers, note = form.answers(), form.given_note()
            if answers or note is not None:
                draft.save_answers(form.component, form.states, answers, note)
        action = step_action(request.POST)
        if action == AUTOSAVE:
            return JsonResponse({"saved": True})
        if action == SAVE_AND_EXIT:
            return render(request, "survey/saved.html", {"campaign": invitation.campaign})
        # What is checked is what the draft now holds, whatever this request carried.
        forms = page_forms(invitation, components, saved_data(draft, invitation, components))
        invalid = not all([form.is_valid() for form in forms])  # every form, for its errors
        if not invalid:
            return submitted(request, token, invitation)
    else:
        forms, invalid = page_forms(invitation, components, draft=draft), False
    return render(
        request,
        "survey/page.html",
        {
            "forms": forms,
            "invalid": invalid,
            "submit_url": reverse("survey_resume"),
            **survey_context(invitation),
        },
    )


@survey_page
def review(request, token, invitation):
    components = components_of(invitation)
    draft = invitation.draft(token)
    ratings = {pk: DraftRating(*rating) for pk, rating in draft.rating_map().items()}
    rows = review_rows(components, ratings, draft.note_map(), step_url)
    return render(
        request,
        "survey/review.html",
        {
            "rows": rows,
            "ready": all(row.complete for row in rows),
            "submit_url": reverse("survey_submit"),
            **steps_context(token, invitation, draft, components, None),
        },
    )


@require_POST
@survey_page
def submit(request, token, invitation):
    return submitted(request, token, invitation)


def submitted(request, token, invitation):
    """Submit the draft: the thank-you page, or back to what still needs an answer."""
    try:
        invitation.submit_draft(token)
        release_responses.enqueue(invitation.campaign_id)
    except AlreadyResponded:
        pass  # a double click: the first one counted, and the thank-you page says so
    except ValueError:
        messages.error(
            request, _("Rate every statement (or mark it “not applicable”) before you submit.")
        )
        if invitation.campaign.target_each_statement:
            return redirect("survey_review")
    return redirect("survey_resume")
