"""People sign in with their e-mail address; there is no separate username."""

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def get_by_natural_key(self, username):
        """Log-in finds the account whatever the case the address is typed in."""
        return self.get(email__iexact=username)

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    username = None
    email = models.EmailField(_("e-mail address"), unique=True)
    # When the person opened a link mailed to ``email``: no organisation role before that.
    email_verified_at = models.DateTimeField(_("address confirmed"), null=True, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta(AbstractUser.Meta):
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                name="unique_email_any_case",
                violation_error_message=_("An account with this e-mail address already exists."),
            )
        ]

    def __str__(self):
        return self.name

    @property
    def verified(self) -> bool:
        return self.email_verified_at is not None

    def verify(self) -> None:
        if not self.verified:
            self.email_verified_at = timezone.now()
            self.save(update_fields=["email_verified_at"])

    @property
    def name(self) -> str:
        """How the person is named wherever cxlab names them: their name, else their address."""
        return self.get_full_name() or self.email

    @property
    def name_and_email(self) -> str:
        full = self.get_full_name()
        return f"{full} ({self.email})" if full else self.email
