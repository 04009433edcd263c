# Where a registration stands moves here, beside its number and certificate: only Django's
# view of the models changes; the table keeps its name and rows.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0005_refunded_event"),
        ("workflow", "0005_registration_state_moved_to_applications"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="RegistrationState",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("code", models.SlugField(max_length=63)),
                        ("agency", models.SlugField(max_length=63)),
                        ("own_steps", models.BooleanField(default=False)),
                        ("step", models.CharField(blank=True, max_length=63)),
                        (
                            "outcome",
                            models.CharField(
                                blank=True,
                                choices=[
                                    ("", "Waiting for a decision"),
                                    ("approved", "Approved"),
                                    ("rejected", "Rejected"),
                                ],
                                default="",
                                max_length=10,
                            ),
                        ),
                        ("decided_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "application",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="registration_states",
                                to="applications.application",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "workflow_registrationstate",
                        "ordering": ["pk"],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("application", "code"), name="one_state_per_registration"
                            )
                        ],
                    },
                )
            ]
        )
    ]
