from django.db import migrations

PATH_DIGITS = 10


def pad_paths(apps, schema_editor):
    """Team paths get zero-padded ids, so that ordering by path keeps siblings in order."""
    Team = apps.get_model("assessments", "Team")
    for team in Team.objects.all():
        ids = [int(pk) for pk in team.path.strip("/").split("/")]
        team.path = "/" + "".join(f"{pk:0{PATH_DIGITS}d}/" for pk in ids)
        team.save(update_fields=["path"])


class Migration(migrations.Migration):
    dependencies = [("assessments", "0003_invitation_mail")]

    operations = [migrations.RunPython(pad_paths, migrations.RunPython.noop)]
