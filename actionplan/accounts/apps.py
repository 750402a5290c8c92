from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "actionplan.accounts"
    label = "accounts"
    verbose_name = _("Users and roles")

    def ready(self) -> None:
        from actionplan.core import services

        from .permissions import authorize

        # Every write passes core.services; this is where it is checked against the actor's roles.
        services.set_authorizer(authorize)

        from django.contrib.auth.signals import user_logged_in, user_logged_out

        from .security import client_address, log, stamp_session

        def logged_out(sender, request, user, **kwargs):
            name = user.get_username() if user else "?"
            log.info("logout user=%s address=%s", name, client_address(request))

        user_logged_out.connect(logged_out, dispatch_uid="actionplan-logout-log")
        user_logged_in.connect(
            lambda sender, request, user, **kw: stamp_session(request),
            dispatch_uid="actionplan-session-stamp",
            weak=False,
        )
