# Where a registration stands moves to applications (0006): only Django's view of the models
# changes; the table keeps its name and rows.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("workflow", "0004_reads_keep_the_agency_and_role"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="RegistrationState")]
        ),
    ]
