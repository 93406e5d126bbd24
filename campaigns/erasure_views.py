"""HR's pages for forgetting: erase one participant, delete a whole campaign. Each asks
first, on a page that says what will go, and acts only on a POST.

Campaigns are fetched through ``organisations.access`` (``get_administered_campaign``): a
campaign the user does not set up is a 404, and so is a participant already erased.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from campaigns.erasure import delete_campaign, erase_participant, what_deleting_removes
from campaigns.views import get_administered_campaign


@login_required
def erase(request, pk, invitation_pk):
    """Erase one participant's name and address; the page reads the same whether or not
    they answered."""
    campaign = get_administered_campaign(request, pk)
    invitation = get_object_or_404(
        campaign.invitations.select_related("team"), pk=invitation_pk, erased_on__isnull=True
    )
    if request.method == "POST":
        erase_participant(invitation, request.user)
        messages.success(request, _("The participant’s name and address are erased."))
        return redirect("campaign_participants", pk=campaign.pk)
    return render(
        request,
        "campaigns/erase_participant.html",
        {"campaign": campaign, "invitation": invitation},
    )


@login_required
def delete(request, pk):
    """Delete the campaign and everything of it, once HR has read what that is."""
    campaign = get_administered_campaign(request, pk)
    if request.method == "POST":
        organisation, name = campaign.organisation_id, campaign.name
        delete_campaign(campaign)
        messages.success(request, _("The campaign “%(name)s” is deleted.") % {"name": name})
        return redirect("organisation_detail", pk=organisation)
    return render(
        request,
        "campaigns/delete.html",
        {"campaign": campaign, "removes": what_deleting_removes(campaign)},
    )
