# The model moves to this app from ``assessments``: its table and rows stay as they are
# (``db_table``), so this changes Django's picture of the models and nothing in the database.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('frameworks', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ('organisations', '0001_initial'),
        ('campaigns', '0001_initial'),
        ('assessments', '0008_rating_sums'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
            migrations.CreateModel(
                name='Action',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('title', models.CharField(max_length=200, verbose_name='what will change')),
                    ('motivation', models.TextField(blank=True, verbose_name='why: the motivation')),
                    ('benefits', models.TextField(blank=True, verbose_name='the expected benefit')),
                    ('obstacles', models.TextField(blank=True, verbose_name='the obstacles')),
                    ('due_on', models.DateField(verbose_name='due date')),
                    ('success_measure', models.CharField(blank=True, max_length=300, verbose_name='how we will know it worked')),
                    ('status', models.CharField(choices=[('planned', 'Planned'), ('in_progress', 'In progress'), ('done', 'Done'), ('dropped', 'Dropped')], default='planned', max_length=12, verbose_name='status')),
                    ('created_at', models.DateTimeField(auto_now_add=True)),
                    ('reminded_for', models.DateField(blank=True, editable=False, null=True)),
                    ('assessment', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='actions', to='assessments.selfassessment')),
                ],
                options={
                    'db_table': 'assessments_action',
                    'ordering': ['due_on', 'pk'],
                },
            ),
            migrations.AddField(
                model_name='action',
                name='campaign',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='actions', to='campaigns.campaign'),
            ),
            migrations.AddField(
                model_name='action',
                name='component',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='frameworks.component', verbose_name='component'),
            ),
            migrations.AddField(
                model_name='action',
                name='created_by',
                field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
            ),
            migrations.AddField(
                model_name='action',
                name='owner',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='owned_actions', to=settings.AUTH_USER_MODEL, verbose_name='owner'),
            ),
            migrations.AddField(
                model_name='action',
                name='team',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='actions', to='organisations.team'),
            ),
            migrations.AddConstraint(
                model_name='action',
                constraint=models.CheckConstraint(condition=models.Q(models.Q(('assessment__isnull', False), ('campaign__isnull', True), ('team__isnull', True)), models.Q(('assessment__isnull', True), ('campaign__isnull', False)), _connector='OR'), name='action_has_one_origin'),
            ),
            ],
        ),
    ]
