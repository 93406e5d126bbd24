"""The organisation a user is working on: a consultant's current client.

It is only a preference kept in the session. Every page still fetches its objects through
``organisations.access``, so a stale or forged value shows nothing it should not.
"""

from functools import cached_property

from organisations import access
from organisations.models import Organisation

CURRENT_ORGANISATION = "organisation"


class Workspace:
    def __init__(self, request):
        self.request = request

    @classmethod
    def of(cls, request) -> "Workspace":
        """One per request, shared by the views and the navigation bar."""
        if not hasattr(request, "_workspace"):
            request._workspace = cls(request)
        return request._workspace

    @cached_property
    def organisations(self) -> list[Organisation]:
        return list(access.organisations(self.request.user).order_by("name"))

    @cached_property
    def current(self) -> Organisation | None:
        """The organisation chosen last, if the user still belongs to it; else their only one."""
        chosen = self.request.session.get(CURRENT_ORGANISATION)
        by_pk = {organisation.pk: organisation for organisation in self.organisations}
        if chosen in by_pk:
            return by_pk[chosen]
        return self.organisations[0] if len(self.organisations) == 1 else None


def workspace(request) -> dict:
    """Context processor: the switcher in the navigation bar reads it, lazily."""
    return {"workspace": Workspace.of(request)}
