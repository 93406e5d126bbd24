"""Consultants across client organisations, branding, and organisation PDFs built in the
background: each client's data stays with that client."""

import datetime
import io

import pypdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from PIL import Image

from accounts.models import User
from campaigns.publishing import publish
from organisations.models import Logo, Membership, Organisation, Role, Team
from reports.models import BuildState, OrganisationPdf
from reports.tasks import build_organisation_pdf
from tests.builders import CONFIRMED, respond


def image(kind: str, size=(60, 30)) -> bytes:
    content = io.BytesIO()
    Image.new("RGB", size, "#224466").save(content, kind)
    return content.getvalue()


@pytest.fixture
def globex(db):
    globex = Organisation.objects.create(name="Globex", slug="globex")
    Team.objects.create(organisation=globex, name="Globex Sales")
    return globex


@pytest.fixture
def consultant(acme, globex):
    user = User.objects.create_user(
        "consultant@advisers.example", "a-long-passphrase", email_verified_at=CONFIRMED
    )
    for client in (acme, globex):
        Membership.objects.create(organisation=client, user=user, role=Role.CONSULTANT)
    return user


@pytest.fixture
def globex_hr(globex):
    user = User.objects.create_user("hr@globex.example", "a-long-passphrase")
    Membership.objects.create(organisation=globex, user=user, role=Role.ADMIN)
    return user


def urls_of(organisation, campaign, team) -> list[str]:
    """Everything a consultant opens for a client."""
    return [
        f"/organisations/{organisation.pk}/",
        f"/organisations/{organisation.pk}/branding/",
        f"/organisations/{organisation.pk}/campaigns/new/",
        f"/campaigns/{campaign.pk}/",
        f"/campaigns/{campaign.pk}/edit/",
        f"/campaigns/{campaign.pk}/participants/",
        f"/campaigns/{campaign.pk}/organisation/",
        f"/campaigns/{campaign.pk}/organisation/pdf/",
        f"/campaigns/{campaign.pk}/teams/{team.pk}/",
        f"/campaigns/{campaign.pk}/teams/{team.pk}/report.pdf",
        f"/campaigns/{campaign.pk}/exports/",
    ]


def test_a_consultant_sets_up_each_client_and_nothing_else(
    client, consultant, answered, teams, globex_hr
):
    acme_urls = urls_of(answered.organisation, answered, teams["support"])
    client.force_login(consultant)
    assert [client.get(url).status_code for url in acme_urls] == [200] * len(acme_urls)
    # A client's HR sees nothing of the consultant's other clients.
    client.force_login(globex_hr)
    assert [client.get(url).status_code for url in acme_urls] == [404] * len(acme_urls)
    # A third organisation the consultant does not work for is a 404 to them too.
    Membership.objects.filter(user=consultant, organisation=answered.organisation).delete()
    client.force_login(consultant)
    assert [client.get(url).status_code for url in acme_urls] == [404] * len(acme_urls)


def test_creating_a_client_organisation_as_a_consultant(client, consultant):
    client.force_login(consultant)
    response = client.post("/organisations/", {"name": "Initech", "role": "consultant"})
    initech = Organisation.objects.get(name="Initech")
    assert response.url == f"/organisations/{initech.pk}/"
    assert initech.memberships.get().role == Role.CONSULTANT


def test_switching_client_narrows_the_campaign_list(
    client, consultant, campaign, globex, six_pillars
):
    globex_campaign = campaign.__class__.objects.create(
        organisation=globex,
        framework=six_pillars,
        name="Globex autumn",
        opens_on=campaign.opens_on,
        closes_on=campaign.closes_on,
        language="en",
    )
    client.force_login(consultant)
    page = client.get("/campaigns/")
    assert list(page.context["campaigns"]) == [globex_campaign, campaign]  # no choice yet
    assert 'id="organisation-switcher"' in page.content.decode()

    response = client.post("/organisations/switch/", {"organisation": globex.pk})
    assert response.url == f"/organisations/{globex.pk}/"
    assert list(client.get("/campaigns/").context["campaigns"]) == [globex_campaign]
    client.post("/organisations/switch/", {"organisation": campaign.organisation.pk})
    assert list(client.get("/campaigns/").context["campaigns"]) == [campaign]


def test_one_cannot_switch_to_an_organisation_one_does_not_belong_to(
    client, globex_hr, acme, globex
):
    client.force_login(globex_hr)
    for value in (acme.pk, "", "not-a-number"):
        assert client.post("/organisations/switch/", {"organisation": value}).status_code == 404
    assert client.session.get("organisation") is None
    page = client.get("/campaigns/").content.decode()
    assert 'id="organisation-switcher"' not in page  # only one organisation: nothing to switch


def branding_form(**fields):
    return {"colour": "#aa3300", "report_title": "", "report_footer": "", **fields}


@pytest.mark.parametrize("kind, content_type", [("PNG", "image/png"), ("JPEG", "image/jpeg")])
def test_a_logo_is_stored_and_served_to_the_organisations_people(
    client, hr_admin, acme, globex_hr, kind, content_type
):
    client.force_login(hr_admin)
    upload = SimpleUploadedFile("logo", image(kind), content_type=content_type)
    response = client.post(
        f"/organisations/{acme.pk}/branding/",
        branding_form(logo=upload, report_title="Acme people review", report_footer="Internal"),
    )
    assert response.status_code == 302
    acme.refresh_from_db()
    assert (acme.colour, acme.report_title, acme.report_footer) == (
        "#aa3300",
        "Acme people review",
        "Internal",
    )
    logo = client.get(f"/organisations/{acme.pk}/logo/")
    assert logo["Content-Type"] == content_type and logo.content == image(kind)
    client.force_login(globex_hr)
    assert client.get(f"/organisations/{acme.pk}/logo/").status_code == 404


@pytest.mark.parametrize(
    "name, content, error",
    [
        ("logo.gif", image("GIF"), "The logo must be a PNG or JPEG image."),
        ("logo.png", b"<svg xmlns='http://www.w3.org/2000/svg'/>", "not a PNG or JPEG image"),
        ("logo.png", image("PNG")[:40], "not a PNG or JPEG image"),  # cut short
        ("logo.png", image("PNG", (4500, 10)), "The logo is 4500 × 10 pixels"),
        ("logo.png", image("PNG") + b"0" * 1024 * 1024, "larger than 1 MB"),
    ],
)
def test_anything_but_a_sensible_png_or_jpeg_is_refused(
    client, hr_admin, acme, name, content, error
):
    client.force_login(hr_admin)
    response = client.post(
        f"/organisations/{acme.pk}/branding/",
        branding_form(logo=SimpleUploadedFile(name, content)),
    )
    assert response.status_code == 200
    assert error in response.content.decode()
    assert not Logo.objects.exists()


def test_a_colour_must_be_a_colour(client, hr_admin, acme):
    client.force_login(hr_admin)
    response = client.post(f"/organisations/{acme.pk}/branding/", branding_form(colour="#12zz45"))
    assert "Enter a colour such as #1f5fa8." in response.content.decode()
    acme.refresh_from_db()
    assert acme.colour == "#1f5fa8"


def test_the_logo_can_be_removed(client, hr_admin, acme):
    Logo.objects.create(organisation=acme, image=image("PNG"), content_type="image/png")
    client.force_login(hr_admin)
    client.post(f"/organisations/{acme.pk}/branding/", branding_form(remove_logo="on"))
    assert not Logo.objects.exists()


def test_branding_shows_on_the_web_reports(client, hr_admin, answered, teams):
    acme = answered.organisation
    acme.report_title = "Acme people review"
    acme.save()
    Logo.objects.create(organisation=acme, image=image("PNG"), content_type="image/png")
    client.force_login(hr_admin)
    for url in (
        f"/campaigns/{answered.pk}/teams/{teams['support'].pk}/",
        f"/campaigns/{answered.pk}/organisation/",
    ):
        page = client.get(url).content.decode()
        assert '<div class="fw-semibold" id="brand-title">Acme people review</div>' in page
        assert f'<img src="/organisations/{acme.pk}/logo/?v=' in page


def test_the_organisation_pdf_is_built_in_the_background(
    client, consultant, answered, globex_hr, django_capture_on_commit_callbacks
):
    client.force_login(consultant)
    url = f"/campaigns/{answered.pk}/organisation/pdf/"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"language": "en"})
        client.post(url, {"language": "en"})  # a second click while it waits
    pdf = OrganisationPdf.objects.get()
    assert (pdf.state, pdf.language, pdf.steps, pdf.requested_by) == (
        BuildState.QUEUED,
        "en",
        7,
        consultant,
    )
    assert DBTaskResult.objects.get().args_kwargs == {"args": [pdf.pk], "kwargs": {}}
    progress_url = f"{url}{pdf.pk}/progress/"
    assert client.get(progress_url).json()["label"] == "Waiting for the background worker…"

    build_organisation_pdf.call(pdf.pk)

    status = client.get(progress_url).json()
    assert status == {
        "state": "ready",
        "done": 6,
        "steps": 7,
        "percent": 100,
        "label": "Ready",
        "download": f"{url}{pdf.pk}/download/",
    }
    download = client.get(status["download"])
    assert download["Content-Disposition"] == (
        'attachment; filename="spring-pulse-organisation-en.pdf"'
    )
    reader = pypdf.PdfReader(io.BytesIO(download.content))
    assert "Organisation report" in reader.pages[0].extract_text()
    page = client.get(url).content.decode()
    assert f'href="{url}{pdf.pk}/download/"' in page
    assert "Built from" not in page  # up to date

    client.force_login(globex_hr)
    for other in (url, progress_url, status["download"]):
        assert client.get(other).status_code == 404


def test_a_pdf_built_before_newer_results_says_so(client, hr_admin, answered, teams):
    pdf = OrganisationPdf.objects.create(campaign=answered, language="it", steps=7)
    build_organisation_pdf.call(pdf.pk)
    client.force_login(hr_admin)
    stale = "Newer results have been published since it was built"
    assert stale not in client.get(f"/campaigns/{answered.pk}/organisation/pdf/").text
    respond(answered, teams["support"], 5, 3, 3, start=50)
    publish(answered)
    assert stale in client.get(f"/campaigns/{answered.pk}/organisation/pdf/").text


def test_a_leader_of_the_campaign_cannot_ask_for_the_organisation_pdf(client, leader, answered):
    client.force_login(leader)
    url = f"/campaigns/{answered.pk}/organisation/pdf/"
    assert client.get(url).status_code == 404
    assert client.post(url, {"language": "en"}).status_code == 404
    assert not OrganisationPdf.objects.exists()


def test_a_new_pdf_replaces_the_last_one_in_its_language(answered):
    old = OrganisationPdf.objects.create(campaign=answered, language="en", steps=7)
    italian = OrganisationPdf.objects.create(campaign=answered, language="it", steps=7)
    build_organisation_pdf.call(old.pk)
    build_organisation_pdf.call(italian.pk)
    new = OrganisationPdf.objects.create(campaign=answered, language="en", steps=7)
    build_organisation_pdf.call(new.pk)
    assert set(answered.pdfs.values_list("pk", "state")) == {
        (italian.pk, BuildState.READY),
        (new.pk, BuildState.READY),
    }


def test_a_failed_build_says_so_and_can_be_tried_again(
    client, hr_admin, answered, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(*args):
        raise RuntimeError("out of memory")

    monkeypatch.setattr("reports.tasks.organisation_pdf", broken)
    pdf = OrganisationPdf.objects.create(campaign=answered, language="en", steps=7)
    with pytest.raises(RuntimeError):
        build_organisation_pdf.call(pdf.pk)
    pdf.refresh_from_db()
    assert (pdf.state, pdf.error) == (BuildState.FAILED, "out of memory")
    client.force_login(hr_admin)
    url = f"/campaigns/{answered.pk}/organisation/pdf/"
    assert client.get(f"{url}{pdf.pk}/progress/").json()["label"] == (
        "It could not be built. Build it again; if that fails too, tell your administrator."
    )
    assert client.get(f"{url}{pdf.pk}/download/").status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"language": "en"})
    assert answered.pdfs.filter(state=BuildState.QUEUED).count() == 1


def test_a_build_that_stalled_does_not_block_a_new_one(client, hr_admin, answered):
    OrganisationPdf.objects.create(
        campaign=answered,
        language="en",
        state=BuildState.RUNNING,
        requested_at=timezone.now() - datetime.timedelta(hours=1),
    )
    client.force_login(hr_admin)
    client.post(f"/campaigns/{answered.pk}/organisation/pdf/", {"language": "en"})
    assert answered.pdfs.filter(state=BuildState.QUEUED).count() == 1
