from actionplan.accounts.permissions import MANAGE_USERS, grants


def workspace(request) -> dict:
    """Menu switches for the workspace; callables, so portal pages that never ask pay nothing."""

    def can_manage_users() -> bool:
        g = grants(request.user)
        return g.superuser or bool(g.scopes(MANAGE_USERS))

    return {"can_manage_users": can_manage_users}
