# The campaign models moved to the ``campaigns`` app, keeping their tables: nothing changes in
# the database.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('campaigns', '0001_initial'),
        ('reports', '0002_results_exports'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
            migrations.AlterField(
                model_name='organisationpdf',
                name='campaign',
                field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='pdfs', to='campaigns.campaign'),
            ),
            migrations.AlterField(
                model_name='resultsexport',
                name='campaign',
                field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='exports', to='campaigns.campaign'),
            ),
            ],
        ),
    ]
