"""A leader's self-assessment: one rating per statement, for current and target state."""

from django.conf import settings
from django.db import models, transaction
from django.db.models import Count, OuterRef, Q, Subquery
from django.utils import timezone

from frameworks.models import Component, Framework, ReflectionQuestion, ScaleRating, Statement
from frameworks.scale import STATES
from frameworks.steps import merge_answers


class NotComplete(Exception):
    """Raised when an assessment is submitted with statements still unrated."""


class SelfAssessmentQuerySet(models.QuerySet):
    def in_progress(self):
        return self.filter(submitted_at__isnull=True)

    def submitted(self):
        return self.filter(submitted_at__isnull=False)

    def with_progress(self):
        """Annotate how many of the framework's statements have been rated."""
        statements = (
            Statement.objects.filter(component__framework=OuterRef("framework"))
            .values("component__framework")
            .annotate(total=Count("pk"))
            .values("total")
        )
        return self.annotate(rated_count=Count("ratings"), statement_count=Subquery(statements))


class SelfAssessment(models.Model):
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="self_assessments"
    )
    framework = models.ForeignKey(
        Framework, on_delete=models.PROTECT, related_name="self_assessments"
    )
    started_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    # The answers of statements not yet rated in both states: {"<pk>-<state>": value}.
    pending = models.JSONField(default=dict)
    # Detailed: a target for every statement; quick: one per component (see ``steps``).
    target_each_statement = models.BooleanField(default=False)

    objects = SelfAssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at"]
        constraints = [
            # One assessment in progress per leader and framework: starting twice resumes.
            models.UniqueConstraint(
                fields=["leader", "framework"],
                condition=Q(submitted_at__isnull=True),
                name="one_assessment_in_progress",
            )
        ]

    def __str__(self):
        return f"{self.leader} · {self.framework} · {self.started_at:%Y-%m-%d}"

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None

    @property
    def progress_percent(self) -> int:
        """Share of statements rated; needs ``with_progress()``."""
        return round(100 * self.rated_count / self.statement_count) if self.statement_count else 0

    def components(self):
        return self.framework.components.all()

    def completed_component_ids(self) -> set[int]:
        """Components whose every statement has a rating (a number or "not applicable")."""
        statement_counts = (
            Component.objects.filter(framework_id=self.framework_id)
            .annotate(
                statements_count=Count("statements", distinct=True),
                rated_count=Count(
                    "statements__ratings",
                    filter=Q(statements__ratings__assessment=self),
                    distinct=True,
                ),
            )
            .values_list("pk", "statements_count", "rated_count")
        )
        return {pk for pk, total, rated in statement_counts if rated == total}

    def next_component(self) -> Component | None:
        """Where to resume: the first component not yet complete, or None for the review."""
        done = self.completed_component_ids()
        return next((c for c in self.components() if c.pk not in done), None)

    def save_step(
        self,
        component: Component,
        ratings: dict[int, tuple[int | None, int | None]],
        note: str,
    ) -> None:
        """Store one component's ratings and note together, or nothing at all.

        ``ratings`` maps statement id to (current, target); None means "not applicable".
        """
        statement_ids = set(component.statements.values_list("pk", flat=True))
        if set(ratings) != statement_ids:
            raise ValueError("Ratings must cover exactly the component's statements.")
        with transaction.atomic():
            Rating.objects.bulk_create(
                [
                    Rating(assessment=self, statement_id=pk, current=current, target=target)
                    for pk, (current, target) in ratings.items()
                ],
                update_conflicts=True,
                unique_fields=["assessment", "statement"],
                update_fields=["current", "target"],
            )
            ComponentNote.objects.update_or_create(
                assessment=self, component=component, defaults={"text": note}
            )
            self.save(update_fields=["updated_at"])

    def save_answers(self, component: Component, given: dict, note: str | None = None) -> None:
        """Add a step's ``given`` answers ({field name: value}, as many as there are) and,
        if given, its note: the statements now rated in both states as ratings, the others'
        answers kept for later; under a lock, so that two tabs both keep theirs (see
        ``frameworks.steps.merge_answers``)."""
        with transaction.atomic():
            locked = SelfAssessment.objects.select_for_update().get(pk=self.pk)
            saved = {
                statement: (current, target)
                for statement, current, target in self.ratings.filter(
                    statement__component=component
                ).values_list("statement", "current", "target")
            }
            merged = merge_answers(
                list(component.statements.all()), STATES, saved, locked.pending, given
            )
            Rating.objects.bulk_create(
                [
                    Rating(assessment=self, statement_id=pk, current=current, target=target)
                    for pk, (current, target) in merged.complete.items()
                ],
                update_conflicts=True,
                unique_fields=["assessment", "statement"],
                update_fields=["current", "target"],
            )
            locked.pending = merged.pending
            locked.save(update_fields=["pending", "updated_at"])
            if note is not None:
                ComponentNote.objects.update_or_create(
                    assessment=self, component=component, defaults={"text": note}
                )
        self.pending = locked.pending

    def reflection_texts(self) -> tuple[dict[int, str], dict[int, str]]:
        """The leader's words: reflection answers by question id, notes by component id."""
        answers = {a.question_id: a.text for a in self.reflection_answers.all()}
        notes = {n.component_id: n.text for n in self.notes.all() if n.text}
        return answers, notes

    def save_reflection(self, answers: dict[ReflectionQuestion, str]) -> None:
        with transaction.atomic():
            for question, text in answers.items():
                ReflectionAnswer.objects.update_or_create(
                    assessment=self, question=question, defaults={"text": text}
                )

    def submit(self) -> bool:
        """Lock the assessment. Returns False if it was already submitted (a double click)."""
        if len(self.completed_component_ids()) < self.components().count():
            raise NotComplete
        now = timezone.now()
        updated = SelfAssessment.objects.filter(pk=self.pk, submitted_at__isnull=True).update(
            submitted_at=now, updated_at=now
        )
        if updated:
            self.submitted_at = now
        return bool(updated)


class Rating(ScaleRating):
    """One statement rated by a leader in their self-assessment."""

    assessment = models.ForeignKey(SelfAssessment, on_delete=models.CASCADE, related_name="ratings")
    statement = models.ForeignKey(Statement, on_delete=models.PROTECT, related_name="ratings")

    class Meta:
        constraints = [
            *ScaleRating.Meta.constraints,
            models.UniqueConstraint(fields=["assessment", "statement"], name="one_rating"),
        ]


class ComponentNote(models.Model):
    """The optional note a leader writes on a component's step."""

    assessment = models.ForeignKey(SelfAssessment, on_delete=models.CASCADE, related_name="notes")
    component = models.ForeignKey(Component, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(blank=True, max_length=4000)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["assessment", "component"], name="one_note")]


class ReflectionAnswer(models.Model):
    """A leader's answer, in their report, to one of a component's reflection questions."""

    assessment = models.ForeignKey(
        SelfAssessment, on_delete=models.CASCADE, related_name="reflection_answers"
    )
    question = models.ForeignKey(ReflectionQuestion, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(blank=True, max_length=4000)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assessment", "question"], name="one_answer")
        ]
