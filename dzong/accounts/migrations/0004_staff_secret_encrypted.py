"""Staff TOTP secrets are kept encrypted: the column is renamed and each secret sealed."""

from django.db import migrations, models

from dzong.accounts.sealing import seal, unseal


def seal_secrets(apps, schema_editor):
    StaffSecret = apps.get_model("accounts", "StaffSecret")
    for row in StaffSecret.objects.all():
        row.sealed_secret = seal(row.sealed_secret)
        row.save(update_fields=["sealed_secret"])


def unseal_secrets(apps, schema_editor):
    StaffSecret = apps.get_model("accounts", "StaffSecret")
    for row in StaffSecret.objects.all():
        row.sealed_secret = unseal(row.sealed_secret)
        row.save(update_fields=["sealed_secret"])


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_staff_change"),
    ]

    operations = [
        migrations.RenameField(
            model_name="staffsecret", old_name="secret", new_name="sealed_secret"
        ),
        migrations.AlterField(
            model_name="staffsecret", name="sealed_secret", field=models.CharField(max_length=255)
        ),
        migrations.RunPython(seal_secrets, unseal_secrets),
    ]
