# Organisations, campaigns and action plans move to apps of their own. Their tables and rows
# stay where they are (each model names its table), so the database changes in two ways
# only: the content types follow the models to their new apps, and tasks queued under the
# old module paths are pointed at the new ones, so the worker still finds them.

from django.db import migrations, models
import django.db.models.deletion

MOVED = {
    "organisations": ["organisation", "logo", "membership", "team"],
    "campaigns": [
        "campaign",
        "invitation",
        "draft",
        "comment",
        "response",
        "responserating",
        "groupcount",
        "ratingtally",
        "statementsum",
        "componentsum",
    ],
    "actions": ["action"],
}
TASKS = {
    "assessments.tasks.send_invitation": "campaigns.tasks.send_invitation",
    "assessments.tasks.remind_action_owner": "actions.tasks.remind_action_owner",
}


def follow_the_models(apps, schema_editor, moved=MOVED, tasks=TASKS):
    ContentType = apps.get_model("contenttypes", "ContentType")
    DBTaskResult = apps.get_model("django_tasks_database", "DBTaskResult")
    for app, models_ in moved.items():
        ContentType.objects.filter(app_label="assessments", model__in=models_).update(
            app_label=app
        )
    for old, new in tasks.items():
        DBTaskResult.objects.filter(task_path=old).update(task_path=new)


def back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for app, models_ in MOVED.items():
        ContentType.objects.filter(app_label=app, model__in=models_).update(
            app_label="assessments"
        )
    DBTaskResult = apps.get_model("django_tasks_database", "DBTaskResult")
    for old, new in TASKS.items():
        DBTaskResult.objects.filter(task_path=new).update(task_path=old)


class Migration(migrations.Migration):

    dependencies = [
        ("assessments", "0008_rating_sums"),
        ("organisations", "0001_initial"),
        ("campaigns", "0001_initial"),
        ("actions", "0001_initial"),
        ("reports", "0003_campaigns_app"),
        ("frameworks", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="selfassessment",
                    name="framework",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="self_assessments",
                        to="frameworks.framework",
                    ),
                ),
                # Each model before those it points to.
                migrations.DeleteModel(name="Action"),
                migrations.DeleteModel(name="ResponseRating"),
                migrations.DeleteModel(name="Response"),
                migrations.DeleteModel(name="Comment"),
                migrations.DeleteModel(name="GroupCount"),
                migrations.DeleteModel(name="RatingTally"),
                migrations.DeleteModel(name="StatementSum"),
                migrations.DeleteModel(name="ComponentSum"),
                migrations.DeleteModel(name="Draft"),
                migrations.DeleteModel(name="Invitation"),
                migrations.DeleteModel(name="Campaign"),
                migrations.DeleteModel(name="Membership"),
                migrations.DeleteModel(name="Logo"),
                migrations.DeleteModel(name="Team"),
                migrations.DeleteModel(name="Organisation"),
            ],
        ),
        migrations.RunPython(follow_the_models, back),
    ]
