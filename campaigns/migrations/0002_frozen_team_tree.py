# A campaign's team tree is frozen when it opens: its scope's many-to-many table becomes a
# model of its own (the same table and rows) with the parent each team had in scope then.
# Campaigns already open or closed are frozen as their teams stand today.

import django.db.models.deletion
from django.db import migrations, models
from django.utils import timezone


def freeze_open_campaigns(apps, schema_editor):
    Campaign = apps.get_model("campaigns", "Campaign")
    CampaignTeam = apps.get_model("campaigns", "CampaignTeam")
    for campaign in Campaign.objects.exclude(state="draft"):
        scope = CampaignTeam.objects.filter(campaign=campaign)
        parents = dict(scope.values_list("team", "team__parent"))
        for team, path in scope.values_list("team", "team__path"):
            parent = parents[team]
            scope.filter(team=team).update(
                parent=parent if parent in parents else None, path=path
            )
        campaign.tree_frozen_at = timezone.now()
        campaign.save(update_fields=["tree_frozen_at"])


class Migration(migrations.Migration):

    dependencies = [
        ('campaigns', '0001_initial'),
        ('organisations', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='campaign',
            name='tree_frozen_at',
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='CampaignTeam',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('campaign', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='scope', to='campaigns.campaign')),
                        ('team', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='organisations.team')),
                    ],
                    options={
                        'db_table': 'assessments_campaign_teams',
                        'unique_together': {('campaign', 'team')},
                    },
                ),
                migrations.AlterField(
                    model_name='campaign',
                    name='teams',
                    field=models.ManyToManyField(related_name='campaigns', through='campaigns.CampaignTeam', through_fields=('campaign', 'team'), to='organisations.team'),
                ),
            ],
        ),
        migrations.AddField(
            model_name='campaignteam',
            name='parent',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='organisations.team'),
        ),
        migrations.AddField(
            model_name='campaignteam',
            name='path',
            field=models.CharField(blank=True, max_length=500),
        ),
        migrations.RunPython(freeze_open_campaigns, migrations.RunPython.noop),
    ]
