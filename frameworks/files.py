"""Framework files: one JSON document per framework, in both languages.

The format is documented in docs/framework-files.md. ``problems()`` checks a whole document
and names every problem with its place ("components[2].statements[0].text.it: missing");
``import_framework()`` writes nothing unless there is none. A framework version that any
self-assessment or campaign has used is never changed: an edited file becomes a new version.
"""

import re
from dataclasses import dataclass

from django.db import transaction

from cxlab.inputs import shown, storable
from frameworks.models import (
    LANGUAGES,
    Component,
    Framework,
    Perspective,
    ReflectionKind,
    ReflectionQuestion,
    Resource,
    ResourceKind,
    Statement,
)
from frameworks.scale import MAX_COMPONENT_STATEMENTS

FORMAT = "cxlab-framework"
FORMAT_VERSION = 1
KEY = re.compile(r"^[a-z0-9]+(?:[_-][a-z0-9]+)*$")
SHORT = 200  # the longest name


def texts(row, field: str) -> dict[str, str]:
    return {language: getattr(row, f"{field}_{language}") for language in LANGUAGES}


def export_framework(framework: Framework) -> dict:
    components = framework.components.prefetch_related(
        "statements", "reflection_questions", "resources"
    )
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "slug": framework.slug,
        "version": framework.version,
        "name": texts(framework, "name"),
        "description": texts(framework, "description"),
        "components": [
            {
                "key": component.key,
                "name": texts(component, "name"),
                "description": texts(component, "description"),
                "statements": [
                    {
                        "key": statement.key,
                        "perspective": statement.perspective,
                        "text": texts(statement, "text"),
                    }
                    for statement in component.statements.all()
                ],
                "reflection_questions": [
                    {"kind": question.kind, "text": texts(question, "text")}
                    for question in component.reflection_questions.all()
                ],
                "resources": [
                    {
                        "key": resource.key,
                        "kind": resource.kind,
                        "name": texts(resource, "name"),
                        "description": texts(resource, "description"),
                    }
                    for resource in component.resources.all()
                ],
            }
            for component in components
        ],
    }


# What each object of the format holds: field -> (kind of value, required).
SHAPES = {
    "framework": {
        "format": ("format", True),
        "format_version": ("format_version", True),
        "slug": ("key", True),
        "version": ("version", False),
        "name": ("short text", True),
        "description": ("optional text", False),
        "components": ("components", True),
    },
    "component": {
        "key": ("key", True),
        "name": ("short text", True),
        "description": ("text", True),
        "statements": ("statements", True),
        "reflection_questions": ("reflection_questions", False),
        "resources": ("resources", False),
    },
    "statement": {
        "key": ("key", True),
        "perspective": ("perspective", True),
        "text": ("text", True),
    },
    "reflection_question": {"kind": ("reflection kind", True), "text": ("text", True)},
    "resource": {
        "key": ("key", True),
        "kind": ("resource kind", True),
        "name": ("short text", True),
        "description": ("text", True),
    },
}
LISTS = {
    "components": "component",
    "statements": "statement",
    "reflection_questions": "reflection_question",
    "resources": "resource",
}


def choice(values: list[str]) -> tuple:
    return (lambda value: value in values, f"should be one of {', '.join(values)}")


# Single values: kind -> (test, what the value should be).
SCALARS = {
    "key": (
        lambda value: isinstance(value, str) and bool(KEY.match(value)) and len(value) <= 60,
        "should be lowercase letters, digits, “_” or “-”, at most 60",
    ),
    "format": (lambda value: value == FORMAT, f"should be “{FORMAT}”"),
    "format_version": (
        lambda value: value == FORMAT_VERSION,
        f"this cxlab reads version {FORMAT_VERSION}",
    ),
    "version": (
        lambda value: type(value) is int and value >= 1,
        "should be a whole number from 1",
    ),
    "perspective": choice(Perspective.values),
    "reflection kind": choice(ReflectionKind.values),
    "resource kind": choice(ResourceKind.values),
}


def problems(document) -> list[str]:
    """Every problem of a framework document, each with its place; empty when it is sound."""
    found = []
    check_object(document, "framework", "", found)
    if not found:
        for index, component in enumerate(document.get("components", [])):
            if len(component.get("statements", [])) > MAX_COMPONENT_STATEMENTS:
                found.append(
                    f"components[{index}].statements: at most {MAX_COMPONENT_STATEMENTS}, so "
                    "that each person's score of a component is kept exactly"
                )
    return found


def check_object(value, shape: str, place: str, found: list[str]) -> None:
    if not isinstance(value, dict):
        found.append(f"{place or 'the file'}: should be an object")
        return
    fields = SHAPES[shape]
    for name in sorted(value.keys() - fields.keys()):
        found.append(f"{join(place, shown(name))}: unknown field")
    for name, (kind, required) in fields.items():
        if name not in value:
            if required:
                found.append(f"{join(place, name)}: missing")
            continue
        check_value(value[name], kind, join(place, name), found)


def check_value(value, kind: str, place: str, found: list[str]) -> None:
    if kind in LISTS:
        needed = kind in ("components", "statements")
        if not isinstance(value, list) or (needed and not value):
            least = f" of at least one {LISTS[kind]}" if needed else ""
            found.append(f"{place}: should be a list{least}")
            return
        for index, item in enumerate(value):
            check_object(item, LISTS[kind], f"{place}[{index}]", found)
        unique = "kind" if kind == "reflection_questions" else "key"
        seen = [item.get(unique) for item in value if isinstance(item, dict)]
        for repeated in sorted({v for v in seen if seen.count(v) > 1 and isinstance(v, str)}):
            found.append(f"{place}: “{shown(repeated)}” appears more than once")
    elif kind in ("short text", "text", "optional text"):
        if not isinstance(value, dict) or set(value) != set(LANGUAGES):
            found.append(f"{place}: should be an object with the texts “en” and “it”")
            return
        for language, text in value.items():
            if not isinstance(text, str) or (kind != "optional text" and not text.strip()):
                found.append(f"{join(place, language)}: missing")
            elif not storable(text):
                found.append(
                    f"{join(place, language)}: holds a NUL character or a lone surrogate, "
                    "which no text may"
                )
            elif kind == "short text" and len(text) > SHORT:
                found.append(f"{join(place, language)}: longer than {SHORT} characters")
    else:
        sound, requirement = SCALARS[kind]
        if not sound(value):
            found.append(f"{place}: {requirement}")


def join(place: str, name: str) -> str:
    return f"{place}.{name}" if place else name


class InvalidFramework(Exception):
    def __init__(self, found: list[str]):
        super().__init__("; ".join(found))
        self.problems = found


@dataclass(frozen=True)
class Imported:
    framework: Framework
    outcome: str  # "created", "new version", "replaced" or "unchanged"


def in_use(framework: Framework) -> bool:
    return framework.self_assessments.exists() or framework.campaigns.exists()


def content(document: dict) -> dict:
    """What a version is made of: the document without its version number, and with the
    reflection questions in one order (they have none of their own)."""
    return {
        **{name: value for name, value in document.items() if name != "version"},
        "components": [
            {
                **component,
                "reflection_questions": sorted(
                    component.get("reflection_questions", []), key=lambda q: q["kind"]
                ),
                "resources": component.get("resources", []),
            }
            for component in document["components"]
        ],
    }


@transaction.atomic
def import_framework(document) -> Imported:
    if found := problems(document):
        raise InvalidFramework(found)
    latest = Framework.objects.filter(slug=document["slug"]).order_by("-version").first()
    if latest is None:
        return Imported(write(document, Framework(slug=document["slug"], version=1)), "created")
    if content(export_framework(latest)) == content(document):
        return Imported(latest, "unchanged")
    if in_use(latest):
        version = Framework(slug=latest.slug, version=latest.version + 1)
        return Imported(write(document, version), "new version")
    latest.components.all().delete()
    return Imported(write(document, latest), "replaced")


def write(document: dict, framework: Framework) -> Framework:
    description = document.get("description", dict.fromkeys(LANGUAGES, ""))
    texts = named("name", document["name"]) | named("description", description)
    for field, text in texts.items():
        setattr(framework, field, text)
    framework.save()
    for order, item in enumerate(document["components"], start=1):
        component = Component.objects.create(
            framework=framework,
            key=item["key"],
            order=order,
            **named("name", item["name"]),
            **named("description", item["description"]),
        )
        Statement.objects.bulk_create(
            Statement(
                component=component,
                key=s["key"],
                perspective=s["perspective"],
                order=number,
                **named("text", s["text"]),
            )
            for number, s in enumerate(item["statements"], start=1)
        )
        ReflectionQuestion.objects.bulk_create(
            ReflectionQuestion(component=component, kind=q["kind"], **named("text", q["text"]))
            for q in item.get("reflection_questions", [])
        )
        Resource.objects.bulk_create(
            Resource(
                component=component,
                key=r["key"],
                kind=r["kind"],
                order=number,
                **named("name", r["name"]),
                **named("description", r["description"]),
            )
            for number, r in enumerate(item.get("resources", []), start=1)
        )
    return framework


def named(field: str, text: dict) -> dict:
    return {f"{field}_{language}": text[language] for language in LANGUAGES}
