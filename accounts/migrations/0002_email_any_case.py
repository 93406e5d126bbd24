"""One account per e-mail address whatever its case, and a date for a confirmed address.

Accounts whose addresses differed only by case (HR@A.EXAMPLE beside hr@a.example) were
possible before. The first one made keeps the address; each later one is deactivated, its
address renamed to ``local+duplicate-ID@domain`` so that the owner of the address can still
reach the first account with a password reset, and the migration prints what it did.
"""

from django.db import migrations, models


def resolve_duplicates(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    kept = {}
    for user in User.objects.order_by("date_joined", "pk"):
        address = user.email.lower()
        if address not in kept:
            kept[address] = user
            continue
        local, _, domain = user.email.rpartition("@")
        old = user.email
        user.email = f"{local}+duplicate-{user.pk}@{domain}"
        user.is_active = False
        user.save(update_fields=["email", "is_active"])
        print(
            f"\n  Account #{user.pk} ({old}) duplicated #{kept[address].pk} "
            f"({kept[address].email}) but for case: deactivated, now {user.email}."
        )


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="user",
            name="email_verified_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="address confirmed"),
        ),
        migrations.RunPython(resolve_duplicates, migrations.RunPython.noop),
    ]
