from django.db import migrations, models


def into_its_language(apps, schema_editor):
    """A campaign's one opening message was written in its language: it stays that one."""
    Campaign = apps.get_model("campaigns", "Campaign")
    for campaign in Campaign.objects.exclude(intro=""):
        setattr(campaign, f"intro_{campaign.language}", campaign.intro)
        campaign.save(update_fields=[f"intro_{campaign.language}"])


def from_its_language(apps, schema_editor):
    Campaign = apps.get_model("campaigns", "Campaign")
    for campaign in Campaign.objects.all():
        campaign.intro = getattr(campaign, f"intro_{campaign.language}")
        campaign.save(update_fields=["intro"])


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0018_target_each_statement"),
    ]

    operations = [
        migrations.AddField(
            model_name="campaign",
            name="intro_en",
            field=models.TextField(
                blank=True,
                help_text="From HR or a leader: it opens the invitation and the survey. Each "
                "person reads the one in the campaign's language, or the other if that one is "
                "empty.",
                max_length=2000,
                verbose_name="opening message in English",
            ),
        ),
        migrations.AddField(
            model_name="campaign",
            name="intro_it",
            field=models.TextField(
                blank=True, max_length=2000, verbose_name="opening message in Italian"
            ),
        ),
        migrations.RunPython(into_its_language, from_its_language),
        migrations.RemoveField(model_name="campaign", name="intro"),
    ]
