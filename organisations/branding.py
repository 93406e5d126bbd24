"""How an organisation's reports look: its logo, colour, title and footer.

Web pages link to the logo; PDFs carry it inline, because the PDF renderer fetches nothing.
"""

from dataclasses import dataclass

from django.urls import reverse

from organisations.models import DEFAULT_COLOUR, Logo, Organisation


@dataclass(frozen=True)
class Branding:
    name: str
    title: str
    colour: str
    footer: str
    logo: str  # a URL for the web, a data: URI for PDFs, or empty
    report_title: str = ""  # the organisation's own title for its reports, if it has one


def branding(organisation: Organisation | None, *, inline: bool = False) -> Branding:
    """``organisation`` None is a leader working on their own: cxlab's plain look."""
    if organisation is None:
        return Branding("cxlab", "cxlab", DEFAULT_COLOUR, "", "")
    if inline:
        logo = Logo.objects.filter(organisation=organisation).first()
        source = logo.data_uri if logo else ""
    else:
        updated = (
            Logo.objects.filter(organisation=organisation).values_list("updated_at", flat=True)
        ).first()
        source = (
            f"{reverse('organisation_logo', args=[organisation.pk])}?v={updated.timestamp():.0f}"
            if updated
            else ""
        )
    return Branding(
        organisation.name,
        organisation.report_title or organisation.name,
        organisation.colour,
        organisation.report_footer,
        source,
        organisation.report_title,
    )
