# The model moves to this app from ``assessments``: its table and rows stay as they are
# (``db_table``), so this changes Django's picture of the models and nothing in the database.

import django.core.validators
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('assessments', '0008_rating_sums'),
        ('frameworks', '0001_initial'),
        ('organisations', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
            migrations.CreateModel(
                name='Draft',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('key', models.CharField(max_length=64, unique=True)),
                    ('ratings', models.JSONField(default=dict)),
                    ('notes', models.JSONField(default=dict)),
                    ('updated_on', models.DateField(auto_now=True)),
                ],
                options={
                    'db_table': 'assessments_draft',
                },
            ),
            migrations.CreateModel(
                name='Campaign',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('name', models.CharField(max_length=200, verbose_name='name')),
                    ('opens_on', models.DateField(verbose_name='opens on')),
                    ('closes_on', models.DateField(verbose_name='closes on')),
                    ('language', models.CharField(choices=[('en', 'English'), ('it', 'Italian')], max_length=2, verbose_name='language')),
                    ('minimum_group_size', models.PositiveSmallIntegerField(default=5, validators=[django.core.validators.MinValueValidator(3)], verbose_name='minimum group size')),
                    ('comment_minimum', models.PositiveSmallIntegerField(default=10, verbose_name='responses needed to show comments')),
                    ('team_rates_target', models.BooleanField(default=True, verbose_name='team members also rate target state')),
                    ('state', models.CharField(choices=[('draft', 'Draft'), ('open', 'Open'), ('closed', 'Closed')], default='draft', max_length=10)),
                    ('created_at', models.DateTimeField(auto_now_add=True)),
                    ('framework', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='campaigns', to='frameworks.framework')),
                    ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='campaigns', to='organisations.organisation')),
                    ('previous_wave', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='next_waves', to='campaigns.campaign', verbose_name='previous wave')),
                    ('teams', models.ManyToManyField(related_name='campaigns', to='organisations.team')),
                ],
                options={
                    'db_table': 'assessments_campaign',
                    'ordering': ['-opens_on', 'name'],
                },
            ),
            migrations.CreateModel(
                name='Comment',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('rater_role', models.CharField(choices=[('self', 'Leader (self)'), ('team', 'Team member')], max_length=4)),
                    ('text', models.TextField(max_length=4000)),
                    ('campaign', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='comments', to='campaigns.campaign')),
                    ('component', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='frameworks.component')),
                    ('team', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='organisations.team')),
                ],
                options={
                    'db_table': 'assessments_comment',
                },
            ),
            migrations.CreateModel(
                name='ComponentSum',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('rater_role', models.CharField(choices=[('self', 'Leader (self)'), ('team', 'Team member')], max_length=4)),
                    ('state', models.CharField(choices=[('current', 'Now'), ('target', 'Target')], max_length=7)),
                    ('total', models.PositiveIntegerField(default=0)),
                    ('ratings', models.PositiveIntegerField(default=0)),
                    ('campaign', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='campaigns.campaign')),
                    ('component', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='frameworks.component')),
                    ('team', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='organisations.team')),
                ],
                options={
                    'db_table': 'assessments_componentsum',
                },
            ),
            migrations.CreateModel(
                name='GroupCount',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('rater_role', models.CharField(choices=[('self', 'Leader (self)'), ('team', 'Team member')], max_length=4)),
                    ('responses', models.PositiveIntegerField(default=0)),
                    ('campaign', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='group_counts', to='campaigns.campaign')),
                    ('team', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='organisations.team')),
                ],
                options={
                    'db_table': 'assessments_groupcount',
                },
            ),
            migrations.CreateModel(
                name='Invitation',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('email', models.EmailField(max_length=254, verbose_name='e-mail')),
                    ('name', models.CharField(blank=True, max_length=200, verbose_name='name')),
                    ('rater_role', models.CharField(choices=[('self', 'Leader (self)'), ('team', 'Team member')], default='team', max_length=4)),
                    ('secret', models.CharField(editable=False, max_length=64)),
                    ('token_hash', models.CharField(editable=False, max_length=64, unique=True)),
                    ('responded', models.BooleanField(default=False)),
                    ('created_at', models.DateTimeField(auto_now_add=True)),
                    ('mail_state', models.CharField(blank=True, choices=[('', 'Not sent yet'), ('queued', 'Queued'), ('sending', 'Being sent'), ('sent', 'Sent'), ('retrying', 'Failed, will retry'), ('failed', 'Failed')], default='', max_length=10, verbose_name='mail')),
                    ('mail_attempts', models.PositiveSmallIntegerField(default=0)),
                    ('mail_error', models.CharField(blank=True, max_length=300)),
                    ('mailed_at', models.DateTimeField(blank=True, null=True)),
                    ('reminders_sent', models.PositiveSmallIntegerField(default=0)),
                    ('campaign', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='invitations', to='campaigns.campaign')),
                    ('team', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='invitations', to='organisations.team')),
                ],
                options={
                    'db_table': 'assessments_invitation',
                },
            ),
            migrations.CreateModel(
                name='RatingTally',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('rater_role', models.CharField(choices=[('self', 'Leader (self)'), ('team', 'Team member')], max_length=4)),
                    ('state', models.CharField(choices=[('current', 'Now'), ('target', 'Target')], max_length=7)),
                    ('value', models.PositiveSmallIntegerField()),
                    ('count', models.PositiveIntegerField(default=0)),
                    ('campaign', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='tallies', to='campaigns.campaign')),
                    ('statement', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='frameworks.statement')),
                    ('team', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='organisations.team')),
                ],
                options={
                    'db_table': 'assessments_ratingtally',
                },
            ),
            migrations.CreateModel(
                name='Response',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('rater_role', models.CharField(choices=[('self', 'Leader (self)'), ('team', 'Team member')], max_length=4)),
                    ('submitted_on', models.DateField()),
                    ('campaign', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='responses', to='campaigns.campaign')),
                    ('team', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='organisations.team')),
                ],
                options={
                    'db_table': 'assessments_response',
                },
            ),
            migrations.CreateModel(
                name='ResponseRating',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('current', models.PositiveSmallIntegerField(null=True, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(5)])),
                    ('target', models.PositiveSmallIntegerField(null=True, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(5)])),
                    ('response', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='ratings', to='campaigns.response')),
                    ('statement', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='frameworks.statement')),
                ],
                options={
                    'db_table': 'assessments_responserating',
                    'abstract': False,
                },
            ),
            migrations.CreateModel(
                name='StatementSum',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('rater_role', models.CharField(choices=[('self', 'Leader (self)'), ('team', 'Team member')], max_length=4)),
                    ('state', models.CharField(choices=[('current', 'Now'), ('target', 'Target')], max_length=7)),
                    ('total', models.PositiveIntegerField(default=0)),
                    ('ratings', models.PositiveIntegerField(default=0)),
                    ('campaign', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='campaigns.campaign')),
                    ('statement', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='frameworks.statement')),
                    ('team', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='organisations.team')),
                ],
                options={
                    'db_table': 'assessments_statementsum',
                },
            ),
            migrations.AddConstraint(
                model_name='campaign',
                constraint=models.CheckConstraint(condition=models.Q(('minimum_group_size__gte', 3)), name='minimum_group_size_at_least_3'),
            ),
            migrations.AddConstraint(
                model_name='campaign',
                constraint=models.CheckConstraint(condition=models.Q(('comment_minimum__gte', models.F('minimum_group_size'))), name='comment_minimum_at_least_group_size'),
            ),
            migrations.AddConstraint(
                model_name='campaign',
                constraint=models.CheckConstraint(condition=models.Q(('closes_on__gte', models.F('opens_on'))), name='closes_after_it_opens'),
            ),
            migrations.AddConstraint(
                model_name='componentsum',
                constraint=models.UniqueConstraint(fields=('campaign', 'team', 'rater_role', 'component', 'state'), name='one_component_sum'),
            ),
            migrations.AddConstraint(
                model_name='groupcount',
                constraint=models.UniqueConstraint(fields=('campaign', 'team', 'rater_role'), name='one_group_count'),
            ),
            migrations.AddConstraint(
                model_name='invitation',
                constraint=models.UniqueConstraint(fields=('campaign', 'email'), name='one_invitation_per_person'),
            ),
            migrations.AddConstraint(
                model_name='ratingtally',
                constraint=models.UniqueConstraint(fields=('campaign', 'team', 'rater_role', 'statement', 'state', 'value'), name='one_tally'),
            ),
            migrations.AddConstraint(
                model_name='responserating',
                constraint=models.CheckConstraint(condition=models.Q(('current__isnull', True), ('current__range', (1, 5)), _connector='OR'), name='responserating_current_on_scale'),
            ),
            migrations.AddConstraint(
                model_name='responserating',
                constraint=models.CheckConstraint(condition=models.Q(('target__isnull', True), ('target__range', (1, 5)), _connector='OR'), name='responserating_target_on_scale'),
            ),
            migrations.AddConstraint(
                model_name='statementsum',
                constraint=models.UniqueConstraint(fields=('campaign', 'team', 'rater_role', 'statement', 'state'), name='one_statement_sum'),
            ),
            ],
        ),
    ]
