# The model moves to this app from ``assessments``: its table and rows stay as they are
# (``db_table``), so this changes Django's picture of the models and nothing in the database.

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('assessments', '0008_rating_sums'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
            migrations.CreateModel(
                name='Organisation',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('name', models.CharField(max_length=200, verbose_name='name')),
                    ('slug', models.SlugField(unique=True)),
                    ('created_at', models.DateTimeField(auto_now_add=True)),
                    ('colour', models.CharField(default='#1f5fa8', max_length=7, validators=[django.core.validators.RegexValidator('^#[0-9a-fA-F]{6}$', 'Enter a colour such as #1f5fa8.')], verbose_name='primary colour')),
                    ('report_title', models.CharField(blank=True, help_text='On the cover of every PDF and at the top of the reports.', max_length=120, verbose_name='report title')),
                    ('report_footer', models.CharField(blank=True, help_text='At the foot of every PDF page, e.g. “Confidential — prepared for …”.', max_length=200, verbose_name='footer text')),
                ],
                options={
                    'db_table': 'assessments_organisation',
                    'ordering': ['name'],
                },
            ),
            migrations.CreateModel(
                name='Logo',
                fields=[
                    ('organisation', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, serialize=False, to='organisations.organisation')),
                    ('image', models.BinaryField()),
                    ('content_type', models.CharField(max_length=20)),
                    ('updated_at', models.DateTimeField(auto_now=True)),
                ],
                options={
                    'db_table': 'assessments_logo',
                },
            ),
            migrations.CreateModel(
                name='Membership',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('role', models.CharField(choices=[('admin', 'Organisation admin / HR'), ('consultant', 'Consultant'), ('leader', 'Leader'), ('member', 'Member')], default='member', max_length=10)),
                    ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='memberships', to='organisations.organisation')),
                    ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='memberships', to=settings.AUTH_USER_MODEL)),
                ],
                options={
                    'db_table': 'assessments_membership',
                    'constraints': [models.UniqueConstraint(fields=('organisation', 'user'), name='one_membership')],
                },
            ),
            migrations.CreateModel(
                name='Team',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('name', models.CharField(max_length=200, verbose_name='name')),
                    ('path', models.CharField(db_index=True, editable=False, max_length=500)),
                    ('leaders', models.ManyToManyField(blank=True, related_name='led_teams', to=settings.AUTH_USER_MODEL)),
                    ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='teams', to='organisations.organisation')),
                    ('parent', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='children', to='organisations.team')),
                ],
                options={
                    'db_table': 'assessments_team',
                    'ordering': ['path'],
                    'constraints': [models.UniqueConstraint(fields=('organisation', 'parent', 'name'), name='unique_team_name')],
                },
            ),
            ],
        ),
    ]
