"""Backup codes stored before they were hashed are replaced by their keyed hash (taizhang.security.otp
.backup_code_digest), so they keep working and no longer lie in the database as they are."""

from django.db import migrations


def hash_plain_codes(apps, schema_editor):
    from taizhang.security.otp import backup_code_digest

    StaticToken = apps.get_model("otp_static", "StaticToken")
    for token in StaticToken.objects.select_related("device").iterator():
        if len(token.token) == 8 and token.token.isdigit():
            token.token = backup_code_digest(token.device.user_id, token.token)
            token.save(update_fields=["token"])


class Migration(migrations.Migration):
    dependencies = [
        ("security", "0001_initial"),
        ("otp_static", "0003_add_timestamps"),
    ]

    operations = [migrations.RunPython(hash_plain_codes, migrations.RunPython.noop)]
