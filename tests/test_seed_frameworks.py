"""The frameworks drawn from seeds 001, 003 and 004 load as complete, stable reference data."""

import json
import re

import pytest
from django.conf import settings
from django.core.management import call_command

from frameworks.models import (
    Component,
    Framework,
    ReflectionKind,
    ReflectionQuestion,
    Resource,
    Statement,
)

# fixture name: (framework slug, component keys in order)
SEED_FRAMEWORKS = {
    "seven_habits": (
        "seven-habits",
        [
            "flip_orientation",
            "listen_to_customer",
            "close_the_loop",
            "think_horizontally_act_vertically",
            "eye_for_detail",
            "incentivise_action",
            "innovate_continuously",
        ],
    ),
    "customer_centric_transformation": (
        "customer-centric-transformation",
        [
            "customer_experience_audit",
            "customer_centric_design",
            "leadership_commitment",
            "employee_empowerment",
        ],
    ),
    "function_roles": (
        "function-roles",
        [
            "senior_leadership",
            "marketing",
            "service_operations",
            "product_development",
            "information_technology",
            "human_resources",
            "account_teams",
        ],
    ),
}

SNAKE_CASE = re.compile(r"^[a-z0-9]+(?:_[a-z0-9]+)*$")

# model: the fields a person reads, each in English and Italian
TEXTS = {
    Framework: ("name", "description"),
    Component: ("name", "description"),
    Statement: ("text",),
    ReflectionQuestion: ("text",),
    Resource: ("name", "description"),
}

pytestmark = pytest.mark.parametrize("fixture", list(SEED_FRAMEWORKS))


def load(fixture: str) -> Framework:
    call_command("loaddata", fixture, verbosity=0)
    slug, _ = SEED_FRAMEWORKS[fixture]
    return Framework.objects.get(slug=slug, version=1)


def rows_of(framework: Framework) -> dict:
    return {
        Framework: Framework.objects.filter(pk=framework.pk),
        Component: Component.objects.filter(framework=framework),
        Statement: Statement.objects.filter(component__framework=framework),
        ReflectionQuestion: ReflectionQuestion.objects.filter(component__framework=framework),
        Resource: Resource.objects.filter(component__framework=framework),
    }


def fixture_objects(fixture: str, model: str) -> list[dict]:
    path = settings.BASE_DIR / "fixtures" / f"{fixture}.json"
    objects = json.loads(path.read_text())
    return [o["fields"] for o in objects if o["model"] == f"frameworks.{model}"]


def test_the_framework_has_its_components_in_order(db, fixture):
    framework = load(fixture)
    _, keys = SEED_FRAMEWORKS[fixture]
    assert (framework.slug, framework.version) == (SEED_FRAMEWORKS[fixture][0], 1)
    assert list(framework.components.order_by("order").values_list("key", flat=True)) == keys
    assert list(framework.components.order_by("order").values_list("order", flat=True)) == list(
        range(1, len(keys) + 1)
    )


def test_every_component_has_statements_questions_and_resources(db, fixture):
    framework = load(fixture)
    for component in framework.components.all():
        assert component.statements.count() >= 4, component.key
        kinds = sorted(component.reflection_questions.values_list("kind", flat=True))
        assert kinds == sorted(ReflectionKind.values), component.key
        assert component.resources.count() >= 2, component.key


def test_every_text_is_there_in_english_and_italian(db, fixture):
    framework = load(fixture)
    for model, rows in rows_of(framework).items():
        for row in rows:
            row.full_clean()  # choices, slugs and lengths as the models define them
            for field in TEXTS[model]:
                for language in ("en", "it"):
                    text = getattr(row, f"{field}_{language}")
                    assert text.strip(), f"{model.__name__} {row.pk} {field}_{language}"


def test_keys_are_snake_case_and_unique_within_their_component(db, fixture):
    # With natural keys a repeated key would silently overwrite the earlier row, so the file
    # itself is checked, and then compared with what was loaded.
    framework = load(fixture)
    for model in ("statement", "resource"):
        objects = fixture_objects(fixture, model)
        keys = [(*o["component"], o["key"]) for o in objects]
        assert len(keys) == len(set(keys)), model
        assert all(SNAKE_CASE.match(o["key"]) for o in objects), model
    questions = [
        (*o["component"], o["kind"]) for o in fixture_objects(fixture, "reflectionquestion")
    ]
    assert len(questions) == len(set(questions))
    assert all(SNAKE_CASE.match(key) for key in SEED_FRAMEWORKS[fixture][1])

    rows = rows_of(framework)
    assert rows[Statement].count() == len(fixture_objects(fixture, "statement"))
    assert rows[ReflectionQuestion].count() == len(questions)
    assert rows[Resource].count() == len(fixture_objects(fixture, "resource"))


def test_loading_the_fixture_twice_changes_nothing(db, fixture):
    def snapshot(framework):
        return {
            model.__name__: list(rows.order_by("pk").values())
            for model, rows in rows_of(framework).items()
        }

    framework = load(fixture)
    before = snapshot(framework)
    again = load(fixture)
    assert again.pk == framework.pk
    assert snapshot(again) == before
    assert Framework.objects.filter(slug=framework.slug).count() == 1
