"""Organisation set-up for HR: the organisation, its people and its teams.

Everything is fetched through ``organisations.access``: an organisation the user does not
set up is a 404, whatever the URL says.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from organisations import access
from organisations.access import get_administered
from organisations.branding import branding as branding_of
from organisations.forms import (
    BrandingForm,
    MemberForm,
    OrganisationForm,
    ParticipantDomainsForm,
    RetentionForm,
    TeamForm,
)
from organisations.models import (
    SETTING_UP,
    ColleagueInvitation,
    Logo,
    Membership,
    Organisation,
    Team,
)
from organisations.tasks import send_colleague_invitation
from organisations.workspace import CURRENT_ORGANISATION


def unique_slug(name: str) -> str:
    base = slugify(name)[:40] or "organisation"
    slug, number = base, 1
    while Organisation.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


@login_required
def organisation_list(request):
    """The person's organisations, and a new one; creating one gives a role, so it waits
    for a confirmed address."""
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and not request.user.verified:
        messages.error(request, _("Confirm your e-mail address before creating an organisation."))
        return redirect("organisation_list")
    if form.is_valid():
        with transaction.atomic():
            organisation = form.save(commit=False)
            organisation.slug = unique_slug(organisation.name)
            organisation.save()
            Membership.objects.create(
                organisation=organisation, user=request.user, role=form.cleaned_data["role"]
            )
        messages.success(request, _("Organisation created. Add its teams next."))
        return redirect("organisation_detail", pk=organisation.pk)
    memberships = request.user.memberships.select_related("organisation").order_by(
        "organisation__name"
    )
    return render(
        request,
        "organisations/list.html",
        {"memberships": memberships, "form": form, "setting_up": SETTING_UP},
    )


@login_required
@require_POST
def switch_organisation(request):
    """Make another of the user's organisations the current one: a consultant moving to
    another client. The campaign list and the branding of a leader's PDF follow it."""
    choice = forms.ModelChoiceField(access.organisations(request.user))
    try:
        organisation = choice.clean(request.POST.get("organisation"))
    except ValidationError:
        raise Http404("Not one of the user's organisations.") from None
    request.session[CURRENT_ORGANISATION] = organisation.pk
    if access.administered(request.user).filter(pk=organisation.pk).exists():
        return redirect("organisation_detail", pk=organisation.pk)
    return redirect("campaign_list")


@login_required
def organisation_detail(request, pk):
    organisation = get_administered(request.user, pk)
    request.session[CURRENT_ORGANISATION] = organisation.pk
    teams = organisation.teams.prefetch_related("leaders")
    members = organisation.memberships.select_related("user").order_by("user__email")
    campaigns = organisation.campaigns.annotate(
        invited=Count("invitations", distinct=True),
        responded=Count("invitations", filter=Q(invitations__responded=True), distinct=True),
    ).order_by("-opens_on", "name")
    return render(
        request,
        "organisations/detail.html",
        {
            "organisation": organisation,
            "teams": teams,
            "members": members,
            "invited": organisation.colleague_invitations.pending(),
            "campaigns": campaigns,
            "team_form": TeamForm(organisation=organisation),
            "member_form": MemberForm(),
            "domains_form": ParticipantDomainsForm(instance=organisation),
            "retention_form": RetentionForm(instance=organisation),
        },
    )


@login_required
@require_POST
def participant_domains(request, pk):
    organisation = get_administered(request.user, pk)
    form = ParticipantDomainsForm(request.POST, instance=organisation)
    if form.is_valid():
        form.save()
        messages.success(request, _("The participants' e-mail domains are saved."))
    else:
        for error in form.errors.get("participant_domains", []):
            messages.error(request, error)
    return redirect("organisation_detail", pk=organisation.pk)


@login_required
@require_POST
def participant_retention(request, pk):
    """How long closed campaigns keep their participants' names and addresses; the worker
    erases them after that (``campaigns.erasure``)."""
    organisation = get_administered(request.user, pk)
    form = RetentionForm(request.POST, instance=organisation)
    if form.is_valid():
        form.save()
        messages.success(
            request,
            _(
                "Participants' names and addresses are now kept for %(days)s days after a "
                "campaign closes."
            )
            % {"days": organisation.participant_retention_days},
        )
    else:
        for error in form.errors.get("participant_retention_days", []):
            messages.error(request, error)
    return redirect("organisation_detail", pk=organisation.pk)


@login_required
def branding(request, pk):
    organisation = get_administered(request.user, pk)
    form = BrandingForm(request.POST or None, request.FILES or None, instance=organisation)
    if form.is_valid():
        form.save()
        messages.success(request, _("Branding saved: it is on the reports and PDFs now."))
        return redirect("organisation_detail", pk=organisation.pk)
    organisation.refresh_from_db()  # the preview shows what is saved, not a rejected entry
    brand = branding_of(organisation)
    return render(
        request,
        "organisations/branding.html",
        {
            "organisation": organisation,
            "form": form,
            "brand": brand,
            "has_logo": bool(brand.logo),
        },
    )


@login_required
def logo(request, pk):
    """The logo, for the organisation's own people only."""
    image = get_object_or_404(access.logos(request.user, Logo.objects), pk=pk)
    response = HttpResponse(bytes(image.image), content_type=image.content_type)
    response["Cache-Control"] = "private, max-age=3600"
    return response


@login_required
def team_form(request, pk, team_pk=None):
    organisation = get_administered(request.user, pk)
    team = get_object_or_404(organisation.teams, pk=team_pk) if team_pk else None
    form = TeamForm(request.POST or None, instance=team, organisation=organisation)
    if form.is_valid():
        form.save()
        messages.success(request, _("Team “%s” saved.") % form.instance.name)
        return redirect("organisation_detail", pk=organisation.pk)
    return render(
        request,
        "organisations/team_form.html",
        {"organisation": organisation, "team": team, "form": form},
    )


@login_required
@require_POST
def add_member(request, pk):
    """Invite a colleague by e-mail, whether or not they have an account: they join when
    they accept, logged in with that address. A member already changes role at once."""
    organisation = get_administered(request.user, pk)
    form = MemberForm(request.POST)
    if not form.is_valid():
        for error in form.errors.get("email", []) + form.errors.get("role", []):
            messages.error(request, error)
        return redirect("organisation_detail", pk=organisation.pk)
    email, role = form.cleaned_data["email"], form.cleaned_data["role"]
    member = organisation.memberships.filter(user__email__iexact=email).first()
    if member is not None:
        member.role = role
        member.save(update_fields=["role"])
        messages.success(
            request,
            _("%(email)s is %(role)s now.") % {"email": email, "role": member.get_role_display()},
        )
        return redirect("organisation_detail", pk=organisation.pk)
    with transaction.atomic():
        organisation.colleague_invitations.pending().filter(email=email).delete()
        invitation = ColleagueInvitation(
            organisation=organisation,
            email=email,
            role=role,
            invited_by=request.user,
            language=translation.get_language()[:2],
        )
        invitation.new_token()
        invitation.save()
        send_colleague_invitation.enqueue(invitation.pk)  # a row of the same transaction
    messages.success(
        request,
        _("An invitation to join is on its way to %(email)s: they join once they accept it.")
        % {"email": email},
    )
    return redirect("organisation_detail", pk=organisation.pk)


@login_required
@require_POST
def withdraw_invitation(request, pk, invitation_pk):
    organisation = get_administered(request.user, pk)
    invitation = get_object_or_404(organisation.colleague_invitations.pending(), pk=invitation_pk)
    invitation.delete()
    messages.success(request, _("The invitation to %s is withdrawn.") % invitation.email)
    return redirect("organisation_detail", pk=organisation.pk)


def join(request, token):
    """An invitation's link: who invites whom, and, for the account with the invited
    address, the button that accepts it."""
    invitation = ColleagueInvitation.for_token(token)
    if invitation is None:
        return render(request, "organisations/join.html", {"invitation": None}, status=404)
    user = request.user
    matches = user.is_authenticated and user.email.lower() == invitation.email.lower()
    if request.method == "POST" and matches:
        user.verify()  # the link came by mail to this address
        invitation.accept(user)
        request.session[CURRENT_ORGANISATION] = invitation.organisation_id
        messages.success(request, _("Welcome to %s.") % invitation.organisation.name)
        return redirect("dashboard")
    return render(
        request,
        "organisations/join.html",
        {"invitation": invitation, "matches": matches, "here": request.path},
    )


@login_required
@require_POST
def remove_member(request, pk, member_pk):
    organisation = get_administered(request.user, pk)
    membership = get_object_or_404(organisation.memberships, pk=member_pk)
    if membership.user == request.user:
        messages.error(request, _("You cannot remove yourself."))
    else:
        Team.leaders.through.objects.filter(
            team__organisation=organisation, user=membership.user
        ).delete()
        membership.delete()
        messages.success(request, _("%s is no longer a member.") % membership.user.name)
    return redirect("organisation_detail", pk=organisation.pk)
