"""A framework is reference data: loaded from fixtures with natural keys, never edited in code.

Every text a person reads exists in English and Italian (``*_en`` / ``*_it`` columns); the
``translated`` properties pick the active language and fall back to English.
"""

from auditlog.registry import auditlog
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from frameworks.scale import SCALE_MAX, SCALE_MIN

LANGUAGES = tuple(code for code, _name in settings.LANGUAGES)


def translated(field: str) -> property:
    """A read-only attribute returning ``<field>_<active language>``, English as fallback."""

    def read(self) -> str:
        language = (get_language() or "en")[:2]
        if language not in LANGUAGES:
            language = "en"
        return getattr(self, f"{field}_{language}") or getattr(self, f"{field}_en")

    return property(read)


DEFAULT_FRAMEWORK = "six-pillars"  # KPMG's matrix: what a new campaign or assessment rates


class FrameworkManager(models.Manager):
    def get_by_natural_key(self, slug, version):
        return self.get(slug=slug, version=version)

    def default(self) -> "Framework | None":
        """The six pillars' latest version, preselected wherever a framework is chosen."""
        return self.filter(slug=DEFAULT_FRAMEWORK).order_by("-version").first()


class Framework(models.Model):
    slug = models.SlugField(max_length=60)
    version = models.PositiveIntegerField(default=1)
    name_en = models.CharField(max_length=200)
    name_it = models.CharField(max_length=200)
    description_en = models.TextField(blank=True)
    description_it = models.TextField(blank=True)

    objects = FrameworkManager()

    name = translated("name")
    description = translated("description")

    class Meta:
        ordering = ["slug", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["slug", "version"], name="framework_slug_version")
        ]

    def __str__(self):
        return f"{self.name} (v{self.version})"

    def natural_key(self):
        return (self.slug, self.version)


class ComponentManager(models.Manager):
    def get_by_natural_key(self, framework_slug, framework_version, key):
        return self.get(
            framework__slug=framework_slug, framework__version=framework_version, key=key
        )


class Component(models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="components")
    key = models.SlugField(max_length=60)
    order = models.PositiveSmallIntegerField()
    name_en = models.CharField(max_length=200)
    name_it = models.CharField(max_length=200)
    description_en = models.TextField()
    description_it = models.TextField()

    objects = ComponentManager()

    name = translated("name")
    description = translated("description")

    class Meta:
        ordering = ["framework", "order"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "key"], name="component_framework_key")
        ]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (*self.framework.natural_key(), self.key)

    natural_key.dependencies = ["frameworks.framework"]


class ComponentPartManager(models.Manager):
    """Lookup for rows identified by their component plus one field of their own."""

    own_key = "key"

    def get_by_natural_key(self, framework_slug, framework_version, component_key, own):
        return self.get(
            component__framework__slug=framework_slug,
            component__framework__version=framework_version,
            component__key=component_key,
            **{self.own_key: own},
        )


class Perspective(models.TextChoices):
    EMPLOYEE_EXPERIENCE = "ex", _("Employee experience")
    LEADERSHIP_BEHAVIOUR = "lb", _("Customer-centric leadership behaviours")


class Statement(models.Model):
    component = models.ForeignKey(Component, on_delete=models.CASCADE, related_name="statements")
    key = models.SlugField(max_length=60)
    perspective = models.CharField(max_length=2, choices=Perspective.choices)
    order = models.PositiveSmallIntegerField()
    text_en = models.TextField()
    text_it = models.TextField()

    objects = ComponentPartManager()

    text = translated("text")

    class Meta:
        ordering = ["component__order", "perspective", "order"]
        constraints = [
            models.UniqueConstraint(fields=["component", "key"], name="statement_component_key")
        ]

    def __str__(self):
        return self.text

    def natural_key(self):
        return (*self.component.natural_key(), self.key)

    natural_key.dependencies = ["frameworks.component"]


class ReflectionKind(models.TextChoices):
    """The seed's three questions, in the order a person answers them."""

    STRENGTHS = "strengths", _("Strengths")
    ACTIONS = "actions", _("Areas for action")
    RESOURCES = "resources", _("Resources")


class ReflectionQuestionManager(ComponentPartManager):
    own_key = "kind"


class ReflectionQuestion(models.Model):
    component = models.ForeignKey(
        Component, on_delete=models.CASCADE, related_name="reflection_questions"
    )
    kind = models.CharField(max_length=20, choices=ReflectionKind.choices)
    text_en = models.TextField()
    text_it = models.TextField()

    objects = ReflectionQuestionManager()

    text = translated("text")

    class Meta:
        ordering = ["component__order", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["component", "kind"], name="reflection_component_kind")
        ]

    def __str__(self):
        return self.text

    def natural_key(self):
        return (*self.component.natural_key(), self.kind)

    natural_key.dependencies = ["frameworks.component"]


class ResourceKind(models.TextChoices):
    PEOPLE = "people", _("People")
    PRACTICE = "practice", _("Practice")


class Resource(models.Model):
    """Something a leader can draw on to close a gap in a component."""

    component = models.ForeignKey(Component, on_delete=models.CASCADE, related_name="resources")
    key = models.SlugField(max_length=60)
    kind = models.CharField(max_length=10, choices=ResourceKind.choices)
    order = models.PositiveSmallIntegerField()
    name_en = models.CharField(max_length=200)
    name_it = models.CharField(max_length=200)
    description_en = models.TextField()
    description_it = models.TextField()

    objects = ComponentPartManager()

    name = translated("name")
    description = translated("description")

    class Meta:
        ordering = ["component__order", "order"]
        constraints = [
            models.UniqueConstraint(fields=["component", "key"], name="resource_component_key")
        ]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (*self.component.natural_key(), self.key)

    natural_key.dependencies = ["frameworks.component"]


class ScaleRating(models.Model):
    """A statement rated for current and target state; NULL means "not applicable".

    A leader's own ratings and a campaign's anonymous ones are both stored this way.
    """

    current = models.PositiveSmallIntegerField(
        null=True, validators=[MinValueValidator(SCALE_MIN), MaxValueValidator(SCALE_MAX)]
    )
    target = models.PositiveSmallIntegerField(
        null=True, validators=[MinValueValidator(SCALE_MIN), MaxValueValidator(SCALE_MAX)]
    )

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=Q(current__isnull=True) | Q(current__range=(SCALE_MIN, SCALE_MAX)),
                name="%(class)s_current_on_scale",
            ),
            models.CheckConstraint(
                condition=Q(target__isnull=True) | Q(target__range=(SCALE_MIN, SCALE_MAX)),
                name="%(class)s_target_on_scale",
            ),
        ]


# The audit trail (see ``organisations.audit``): frameworks are everybody's, so their entries
# belong to no organisation and are read by staff, in the Django admin.
auditlog.register(
    Framework, include_fields=["slug", "version", "name_en", "name_it", "description_en"]
)
auditlog.register(Component, include_fields=["framework", "key", "order", "name_en", "name_it"])
