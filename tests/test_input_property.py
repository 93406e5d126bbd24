"""Random hostile input to every form and upload of the app, as the person entitled to use
it: text with NUL characters and lone surrogates, strings up to 100,000 characters, huge
numbers, days at the ends of the calendar and garbage, nested JSON, broken files.

Whatever comes in, the answer is never a server error, and when the app refuses the input
(the form again with its errors, an error message, a 4xx) it has saved nothing: no table of
the app has a row more or less than before.

Each form's fields start from a valid filling, and each field is swapped for a hostile value
or left out at random, so the checks behind a first bad field are reached too. The people,
organisation, campaigns and assessments are built once for the module; every example runs
inside a savepoint rolled back after it, so no example sees another's writes.
"""

import copy
import datetime
import io
import json
from dataclasses import dataclass, field
from urllib.parse import urlencode

import pytest
from django.apps import apps
from django.contrib import messages
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.forms import BaseForm
from django.test import Client, override_settings
from django.test.utils import ContextList
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from PIL import Image

from accounts.models import User
from actions.models import Action
from assessments.models import SelfAssessment
from campaigns.models import Campaign, CampaignState
from frameworks.files import export_framework
from frameworks.models import Framework
from organisations.models import Membership, Organisation, Role, Team
from tests.builders import EVERY_COMPONENT, invite, rate_all

PASSWORD = "a-long-passphrase"
WATCHED_APPS = ["accounts", "organisations", "campaigns", "assessments", "actions", "reports"]
WATCHED_APPS += ["frameworks", "django_tasks_database"]

# Hostile values, as text: what a form field or a file's cell may be given.
short_text = st.text(max_size=30)
odd_characters = st.text(
    st.characters(categories=["Cs", "Cc", "Cf", "Zs", "Zl", "So", "Lu", "Ll", "Nd", "Po"]),
    max_size=30,
)
with_nul = st.builds(lambda before, after: f"{before}\0{after}", short_text, short_text)
lone_surrogate = st.builds(
    lambda before, code, after: f"{before}{chr(code)}{after}",
    short_text,
    st.integers(0xD800, 0xDFFF),
    short_text,
)
very_long = st.builds(
    lambda length, piece: (piece * length)[:length],
    st.integers(200, 100_000),
    st.sampled_from(["x", "é", " ", "9", "a@b.c", "<b>", "\n", "N > "]),
)
huge_number = st.one_of(
    st.integers(-(10**40), 10**40).map(str),
    st.integers(19, 5_000).map(lambda digits: "9" * digits),
    st.sampled_from([str(2**63), str(2**63 - 1), str(-(2**63) - 1), "1e999", "NaN", "-0", "0x1f"]),
)
odd_day = st.one_of(
    st.sampled_from(
        [
            *("0001-01-01", "9999-12-31", "10000-01-01", "2026-02-30", "0000-00-00"),
            *("2026-13-01", "31/12/9999", "1/1/1", "today", "-1", "2026-12-01T25:00"),
        ]
    ),
    st.dates().map(datetime.date.isoformat),
)
json_value = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | short_text,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(short_text, children),
    max_leaves=10,
)
nested_json = st.one_of(
    st.integers(1, 5_000).map(lambda depth: "[" * depth + "]" * depth),
    st.integers(1, 2_000).map(lambda depth: '{"a": ' * depth + "1" + "}" * depth),
    json_value.map(json.dumps),
)
hostile = st.one_of(
    short_text,
    odd_characters,
    with_nul,
    lone_surrogate,
    very_long,
    huge_number,
    odd_day,
    nested_json,
)
MISSING = object()  # a field left out of the request


def raw(text: str) -> bytes:
    """Text as bytes, a lone surrogate included: what a client could send."""
    return text.encode("utf-8", "surrogatepass")


def sendable(text: str) -> str:
    """Text the test client can put in a multipart request (it encodes strictly): a lone
    surrogate arrives as U+FFFD, as it would from a browser."""
    return raw(text).decode("utf-8", "replace")


# Files.


def png() -> bytes:
    image = io.BytesIO()
    Image.new("RGB", (4, 4), "#1f5fa8").save(image, "PNG")
    return image.getvalue()


def workbook(rows: list[list[str]]) -> bytes:
    book = Workbook()
    for row in rows:  # openpyxl writes no control character: leave those cells empty
        book.active.append([cell if cell.isprintable() else "" for cell in row])
    content = io.BytesIO()
    book.save(content)
    return content.getvalue()


GOOD_ROW = ["zed@acme.example", "Zed", "North", "member"]
participant_row = st.lists(st.one_of(st.sampled_from(GOOD_ROW), hostile), min_size=0, max_size=6)


@st.composite
def participants_file(draw) -> tuple[str, bytes]:
    """A participants file: CSV in any line ending and encoding, or a workbook, its cells
    good or hostile; or bytes that are no file at all."""
    header = draw(st.sampled_from([["email", "name", "team", "role"], ["e-mail", "nome"]]))
    rows = [header, *draw(st.lists(participant_row, max_size=4))]
    kind = draw(st.sampled_from(["csv", "csv", "xlsx", "bytes"]))
    if kind == "xlsx":
        return "people.xlsx", workbook([[sendable(cell) for cell in row] for row in rows])
    if kind == "bytes":
        return "people.csv", draw(st.binary(max_size=2_000))
    delimiter = draw(st.sampled_from([",", ";", "\t"]))
    line_end = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    text = line_end.join(delimiter.join(row) for row in rows)
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]))
    return "people.csv", text.encode(
        encoding, "surrogatepass" if "utf-8" in encoding else "replace"
    )


@st.composite
def framework_file(draw, document: dict) -> tuple[str, bytes]:
    """A framework file: the six pillars with one value swapped for a hostile one (written
    as JSON writes it, so a lone surrogate is a "\\ud800" escape), or JSON of any shape."""
    kind = draw(st.sampled_from(["swapped", "swapped", "json", "bytes"]))
    if kind == "json":
        return "f.json", raw(draw(nested_json | huge_number | json_value.map(json.dumps)))
    if kind == "bytes":
        return "f.json", draw(st.binary(max_size=2_000))
    changed = copy.deepcopy(document)
    place = changed
    key = draw(st.sampled_from(list(place)))
    for _step in range(draw(st.integers(0, 5))):  # walk down to some value
        inside = place[key]
        if not isinstance(inside, dict | list) or not inside:
            break
        place = inside
        key = draw(st.sampled_from(list(place) if isinstance(place, dict) else range(len(place))))
    place[key] = draw(hostile | json_value)
    return "f.json", json.dumps(changed).encode()


logo_file = st.one_of(
    st.just(("logo.png", png())),
    st.binary(max_size=2_000).map(lambda content: ("logo.png", content)),
    st.just(("logo.png", png()[:40])),
)


# The world: one of everything, built once for the module.


@dataclass(repr=False)  # hypothesis prints the arguments of a failing example
class World:
    ids: dict
    clients: dict  # persona -> Client, logged in as them
    document: dict  # the six pillars, as a framework file of a framework of its own


def person(email: str, **fields) -> User:
    return User.objects.create_user(email, PASSWORD, email_verified_at=timezone.now(), **fields)


def client_of(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def build() -> World:
    six_pillars = Framework.objects.get(slug="six-pillars", version=1)
    acme = Organisation.objects.create(name="Acme", slug="acme")
    hr, leader = person("hr@acme.example"), person("leader@example.com", first_name="Lea")
    staff = person("staff@cxlab.example", is_staff=True)
    plain = person("plain@example.com")  # in no organisation: free to delete their account
    Membership.objects.create(organisation=acme, user=hr, role=Role.ADMIN)
    Membership.objects.create(organisation=acme, user=leader, role=Role.LEADER)
    division = Team.objects.create(organisation=acme, name="Acme")
    sales = Team.objects.create(organisation=acme, name="Sales", parent=division)
    north = Team.objects.create(organisation=acme, name="North", parent=sales)
    south = Team.objects.create(organisation=acme, name="South", parent=sales)
    sales.leaders.add(leader)
    today = timezone.localdate()

    def campaign(name, state, **fields) -> Campaign:
        made = Campaign.objects.create(
            organisation=acme,
            framework=six_pillars,
            name=name,
            opens_on=today - datetime.timedelta(days=3),
            closes_on=today + datetime.timedelta(days=21),
            language="en",
            state=state,
            **fields,
        )
        made.teams.set([division, sales, north, south])
        return made

    detailed = campaign("Detailed", CampaignState.OPEN, target_each_statement=True)
    detailed.freeze_tree()  # its reporting groups can be set until results are published
    short = campaign("Short", CampaignState.OPEN)
    draft = campaign("Draft", CampaignState.DRAFT)
    unsent, _token = invite(draft, north, "ann@acme.example")
    _invitation, detailed_link = invite(detailed, north, "bob@acme.example")
    _invitation, short_link = invite(short, north, "cy@acme.example")
    submitted = rate_all(leader, six_pillars, EVERY_COMPONENT)
    in_progress = SelfAssessment.objects.create(
        leader=leader, framework=six_pillars, target_each_statement=True
    )
    action = Action.objects.create(
        campaign=detailed,
        team=sales,
        component=six_pillars.components.first(),
        title="Call back in a day",
        owner=leader,
        due_on=today + datetime.timedelta(days=30),
        created_by=hr,
    )
    clients = {
        "anon": client_of(None),
        "hr": client_of(hr),
        "leader": client_of(leader),
        "staff": client_of(staff),
        "plain": client_of(plain),
        "detailed": client_of(None),
        "short": client_of(None),
    }
    clients["detailed"].get(f"/s/{detailed_link}/")
    clients["short"].get(f"/s/{short_link}/")
    components = list(six_pillars.components.prefetch_related("statements"))
    first = components[0]
    document = export_framework(six_pillars)
    document["slug"] = "six-pillars-copy"
    ids = {
        "acme": acme.pk,
        "sales": sales.pk,
        "north": north.pk,
        "south": south.pk,
        "leader": leader.pk,
        "hr_email": hr.email,
        "framework": six_pillars.pk,
        "detailed": detailed.pk,
        "draft": draft.pk,
        "unsent": unsent.pk,
        "submitted": submitted.pk,
        "in_progress": in_progress.pk,
        "action": action.pk,
        "first": first.pk,
        # Each component's statements, the first component's first.
        "statements": {c.pk: [s.pk for s in c.statements.all()] for c in components},
        "component": first.key,
    }
    # Each answer saved as it is given goes to a draft that the link's first step makes.
    clients["detailed"].get("/survey/personalisation/")
    clients["short"].get("/survey/")
    return World(ids, clients, document)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The module's world, in a transaction rolled back once its tests are done."""
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]),
        transaction.atomic(),
    ):
        yield build()
        transaction.set_rollback(True)


# Every form and upload, with a valid filling of its fields.


def step(ids) -> dict:
    """A detailed step of the first component, every statement rated now and target."""
    fields = {"note": "Fine"}
    for pk in ids["statements"][ids["first"]]:
        fields |= {f"{pk}-current": "3", f"{pk}-target": "4"}
    return fields


def short_survey(ids) -> dict:
    """The short survey's page, all of it: each statement now, each component's target."""
    fields = {}
    for component, statements in ids["statements"].items():
        fields |= {f"c{component}-{pk}-current": "3" for pk in statements}
        fields |= {f"c{component}-target": "4", f"c{component}-note": "Fine"}
    return fields


def action_fields(ids) -> dict:
    return {
        "component": ids["first"],
        "title": "Call back in a day",
        "motivation": "Customers wait",
        "benefits": "Fewer complaints",
        "obstacles": "Time",
        "owner": ids["leader"],
        "due_on": (timezone.localdate() + datetime.timedelta(days=30)).isoformat(),
        "success_measure": "Calls returned",
        "kind": "quick_win",
        "status": "planned",
    }


def campaign_fields(ids) -> dict:
    return {
        "name": "Autumn pulse",
        "framework": ids["framework"],
        "teams": [ids["north"], ids["south"]],
        "opens_on": (timezone.localdate() + datetime.timedelta(days=3)).isoformat(),
        "closes_on": (timezone.localdate() + datetime.timedelta(days=20)).isoformat(),
        "language": "en",
        "minimum_group_size": "5",
        "comment_minimum": "10",
        "team_rates_target": "on",
        "remind_days_before_close": "3",
        "practical_change": "0.3",
        "intro_en": "Hello",
        "intro_it": "Ciao",
        "invitation_text": "Please answer",
        "reminder_text": "Please answer soon",
    }


STEP_ACTIONS = {"autosave": "1", "back": "1", "save_and_exit": "1"}


@dataclass(frozen=True)
class Form:
    """A form or an upload: who uses it, where, and a valid filling of its fields."""

    name: str  # the URL's name
    persona: str
    args: tuple = ()  # keys of the world's ids
    fields: object = dict  # ids -> {field: valid value}
    files: dict = field(default_factory=dict)  # field -> kind of file (see ``uploads``)
    method: str = "post"
    # Tables a refusal may still write to, by design.
    may_write: frozenset = frozenset()

    def url(self, ids) -> str:
        return reverse(self.name, args=[ids[arg] for arg in self.args])


FORMS = [
    Form("login", "anon", fields=lambda ids: {"username": ids["hr_email"], "password": PASSWORD}),
    Form(
        "signup",
        "anon",
        fields=lambda ids: {
            "email": "new@example.com",
            "first_name": "New",
            "last_name": "Person",
            "password1": "another-long-passphrase",
            "password2": "another-long-passphrase",
        },
    ),
    Form("password_reset", "anon", fields=lambda ids: {"email": ids["hr_email"]}),
    Form("account", "leader", fields=lambda ids: {"first_name": "Lea", "last_name": "Rossi"}),
    Form("account_delete", "plain", fields=lambda ids: {"password": PASSWORD}),
    Form("organisation_list", "hr", fields=lambda ids: {"name": "Globex", "role": "admin"}),
    Form("organisation_switch", "hr", fields=lambda ids: {"organisation": ids["acme"]}),
    Form(
        "branding",
        "hr",
        ("acme",),
        fields=lambda ids: {
            "colour": "#1f5fa8",
            "report_title": "Our report",
            "report_footer": "Confidential",
            "mail_sender": "Acme HR",
        },
        files={"logo": "logo"},
    ),
    Form(
        "team_add",
        "hr",
        ("acme",),
        fields=lambda ids: {"name": "Ops", "parent": ids["sales"], "leaders": [ids["leader"]]},
    ),
    Form(
        "team_edit",
        "hr",
        ("acme", "north"),
        fields=lambda ids: {"name": "North", "parent": ids["sales"]},
    ),
    Form(
        "member_add",
        "hr",
        ("acme",),
        fields=lambda ids: {"email": "x@acme.example", "role": "leader"},
    ),
    Form(
        "participant_domains",
        "hr",
        ("acme",),
        fields=lambda ids: {"participant_domains": "acme.example, acme.it"},
    ),
    Form(
        "participant_retention",
        "hr",
        ("acme",),
        fields=lambda ids: {"participant_retention_days": "365"},
    ),
    Form("campaign_add", "hr", ("acme",), fields=campaign_fields),
    Form("campaign_edit", "hr", ("draft",), fields=campaign_fields),
    Form("campaign_edit", "hr", ("detailed",), fields=campaign_fields),
    Form(
        "reporting_groups",
        "hr",
        ("detailed",),
        fields=lambda ids: {"name": "North + South", "teams": [ids["north"], ids["south"]]},
    ),
    Form("campaign_remind", "hr", ("detailed",), fields=lambda ids: {"team": ids["sales"]}),
    Form(
        "campaign_participants",
        "hr",
        ("draft",),
        fields=lambda ids: {"q": "ann", "page": "1"},
        method="get",
    ),
    Form(
        "participant_add",
        "hr",
        ("draft",),
        fields=lambda ids: {
            "email": "zed@acme.example",
            "name": "Zed",
            "team": ids["north"],
            "rater_role": "team",
        },
    ),
    Form(
        "participant_edit",
        "hr",
        ("draft", "unsent"),
        fields=lambda ids: {
            "email": "ann@acme.example",
            "name": "Ann",
            "team": ids["south"],
            "rater_role": "team",
        },
    ),
    Form(
        "participants_upload",
        "hr",
        ("draft",),
        files={"file": "participants"},
        # A refused file is kept, emptied, with its lines' problems for its page.
        may_write=frozenset({"campaigns.ParticipantImport"}),
    ),
    Form("survey_step", "detailed", ("component",), fields=step),
    # Submitted when complete: each example's savepoint, rolled back, unsubmits it.
    Form("survey_resume", "short", fields=short_survey),
    Form(
        "assessment_start",
        "leader",
        fields=lambda ids: {"framework": ids["framework"], "detail": "quick"},
    ),
    Form(
        "assessment_step",
        "leader",
        ("in_progress", "component"),
        fields=step,
        # A step keeps what it is given before it checks it: the complete ratings and note.
        may_write=frozenset({"assessments.Rating", "assessments.ComponentNote"}),
    ),
    Form(
        "save_reflection",
        "leader",
        ("submitted", "component"),
        fields=lambda ids: {
            f"{ids['component']}-strengths": "Listening",
            f"{ids['component']}-actions": "Call back",
            f"{ids['component']}-resources": "Coaches",
        },
    ),
    Form("action_new", "leader", ("submitted",), fields=action_fields),
    Form("team_action_new", "hr", ("detailed", "sales"), fields=action_fields),
    Form("organisation_action_new", "hr", ("detailed",), fields=action_fields),
    Form("action_edit", "hr", ("action",), fields=action_fields),
    Form("campaign_exports", "hr", ("detailed",), fields=lambda ids: {"format": "csv"}),
    Form("organisation_pdfs", "hr", ("detailed",), fields=lambda ids: {"language": "en"}),
    Form(
        "framework_import",
        "staff",
        files={"file": "framework"},
    ),
]


@st.composite
def filling(draw, valid: dict, step: bool) -> dict:
    """The valid fields, each kept, swapped for a hostile value or left out; a step's
    button at random; now and then a field the form does not have."""
    fields = {}
    for name, value in valid.items():
        chosen = draw(st.one_of(st.just(value), hostile, st.just(MISSING)))
        if chosen is not MISSING:
            fields[name] = chosen
    if step and (button := draw(st.sampled_from([None, *STEP_ACTIONS]))):
        fields[button] = STEP_ACTIONS[button]
    fields |= draw(st.dictionaries(short_text, hostile, max_size=2))
    return fields


def form_body(fields: dict) -> str:
    """The fields as a browser posts them, a lone surrogate sent as its UTF-8 bytes."""
    pairs = []
    for name, value in fields.items():
        for one in value if isinstance(value, list) else [value]:
            pairs.append((raw(name), raw(str(one))))
    return urlencode(pairs)


# What the app answers.


def row_counts() -> dict[str, int]:
    """Every table of the app's and its number of rows, in one query."""
    models = [m for label in WATCHED_APPS for m in apps.get_app_config(label).get_models()]
    quote = connection.ops.quote_name
    counts = ", ".join(f"(SELECT COUNT(*) FROM {quote(m._meta.db_table)})" for m in models)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {counts}")
        return dict(zip((m._meta.label for m in models), cursor.fetchone(), strict=True))


def refused(response) -> bool:
    """Whether the app refused the input: a 4xx, a form shown again with its errors, a
    file's problems listed, or an error message."""
    if 400 <= response.status_code < 500:
        return True
    context = response.context
    contexts = context if isinstance(context, ContextList) else [context] if context else []
    for context in contexts:
        for name, shown in context.flatten().items():
            candidates = shown if isinstance(shown, list) else [shown]
            if any(isinstance(form, BaseForm) and form.errors for form in candidates):
                return True
            if name in ("line_errors", "problems") and shown:
                return True
    return any(m.level == messages.ERROR for m in get_messages(response.wsgi_request))


def send(world: World, form: Form, fields: dict, files: dict):
    client = world.clients[form.persona]
    url = form.url(world.ids)
    if form.method == "get":
        return client.get(f"{url}?{form_body(fields)}")
    if not files:
        return client.post(url, form_body(fields), content_type="application/x-www-form-urlencoded")
    data = {}
    for name, value in fields.items():
        values = value if isinstance(value, list) else [value]
        data[sendable(name)] = [sendable(str(one)) for one in values]
    for name, (file_name, content) in files.items():
        data[name] = SimpleUploadedFile(file_name, content)
    return client.post(url, data)


def uploads(kind: str, world: World) -> tuple[tuple[str, bytes], st.SearchStrategy]:
    """A sound file of each kind, and the files to try instead (that one among them)."""
    sound, strategy = {
        "logo": (("logo.png", png()), logo_file),
        "participants": (("people.csv", GOOD_FILE), participants_file()),
        "framework": (
            ("f.json", json.dumps(world.document).encode()),
            framework_file(world.document),
        ),
    }[kind]
    return sound, st.just(sound) | strategy


GOOD_FILE = ("email,name,team,role\n" + ",".join(GOOD_ROW) + "\n").encode()


def attempt(world: World, form: Form, fields: dict, files: dict):
    """Send the request in a savepoint rolled back after it; a refusal must leave every
    table of the app with as many rows as before (but those the form ``may_write``)."""
    client = world.clients[form.persona]
    cookies = copy.deepcopy(client.cookies)
    cache.clear()  # rate limits count in the cache
    try:
        with transaction.atomic():
            before = row_counts()
            response = send(world, form, fields, files)
            assert response.status_code < 500
            if refused(response):
                after = row_counts()
                changed = {
                    table: (before[table], after[table])
                    for table in before
                    if before[table] != after[table] and table not in form.may_write
                }
                assert changed == {}
            transaction.set_rollback(True)
    finally:
        client.cookies = cookies  # the session and messages as they were
    return response


def name_of(form: Form) -> str:
    return "-".join([form.name, *form.args])


@pytest.mark.parametrize("form", FORMS, ids=name_of)
def test_each_forms_sound_filling_is_taken(db, world, form):
    """The forms below are reached, as their people: the sound filling goes through."""
    files = {name: uploads(kind, world)[0] for name, kind in form.files.items()}
    response = attempt(world, form, form.fields(world.ids), files)
    assert response.status_code in (200, 302)
    assert not refused(response)


@settings(
    max_examples=15,
    deadline=None,
    # The fixtures hypothesis warns of (the database access, the language, the cache and
    # the password hasher of each test) are meant to be shared by a test's examples: each
    # example runs in a savepoint of its own, rolled back after it, and clears the cache.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
@pytest.mark.parametrize("form", FORMS, ids=name_of)
def test_no_input_breaks_a_form_and_a_refusal_saves_nothing(db, world, form, data):
    step = form.name in ("survey_step", "survey_resume", "assessment_step")
    fields = data.draw(filling(form.fields(world.ids), step), label="fields")
    files = {
        name: data.draw(uploads(kind, world)[1], label=name) for name, kind in form.files.items()
    }
    attempt(world, form, fields, files)
