from actionplan.accounts.permissions import EDIT, MANAGE_USERS, VIEW, grants


def workspace(request) -> dict:
    """Which workspace menus a user gets; callables, so portal pages that never ask pay nothing.
    The menus only spare people links to pages that would refuse them; the pages check anyway."""

    def holds(action: str, *, plans_only: bool = False):
        def check() -> bool:
            g = grants(request.user)
            scopes = g.scopes(action)
            return g.superuser or bool(
                (scopes.organisations or scopes.plans) if plans_only else scopes
            )

        return check

    return {
        "can_manage_users": holds(MANAGE_USERS),
        "can_edit": holds(EDIT),
        "can_read_plans": holds(VIEW, plans_only=True),
        "can_read_log": lambda: grants(request.user).superuser,
    }
