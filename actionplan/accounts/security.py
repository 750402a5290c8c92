"""Login throttling, session lifetimes, no-store caching for logged-in pages, and the
security event log (who, what, when, from where; never passwords or session ids)."""

import datetime as dt
import functools
import ipaddress
import logging

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.backends import ModelBackend
from django.utils import timezone

from .models import LoginFailure

log = logging.getLogger("actionplan.security")


Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@functools.cache
def _networks(proxies: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(proxy, strict=False) for proxy in proxies)


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    text = text.strip()
    if text.startswith("[") and "]" in text:  # [2001:db8::1]:443
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:  # 192.0.2.1:443
        text = text.split(":")[0]
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def client_address(request) -> str:
    """The address of the client, for throttling and the logs.

    REMOTE_ADDR, unless it is one of ACTIONPLAN_TRUSTED_PROXIES (addresses or networks): then
    X-Forwarded-For is read from the right, past every trusted proxy, and the first address
    that is not one is the client's. Anything to the left of it was written by the client and
    is ignored, so a client cannot choose its own address."""
    if request is None:
        return "unknown"
    remote = request.META.get("REMOTE_ADDR") or "unknown"
    networks = _networks(tuple(getattr(settings, "ACTIONPLAN_TRUSTED_PROXIES", ())))
    if not networks:
        return remote

    def trusted(address) -> bool:
        return address is not None and any(address in network for network in networks)

    nearest = _address(remote)
    if not trusted(nearest):
        return remote
    hops = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    for hop in reversed([h for h in hops if h.strip()]):
        address = _address(hop)
        if address is None:
            break  # garbage from the client side: the last proxy is all we know
        nearest = address
        if not trusted(address):
            break
    return str(nearest)


def is_locked(username: str, address: str) -> bool:
    since = timezone.now() - dt.timedelta(seconds=settings.ACTIONPLAN_LOGIN_LOCK_SECONDS)
    recent = LoginFailure.objects.filter(at__gte=since)
    by_name = recent.filter(username=username.lower()).count()
    by_address = recent.filter(address=address).count()
    return (
        by_name >= settings.ACTIONPLAN_LOGIN_MAX_FAILURES
        or by_address >= settings.ACTIONPLAN_LOGIN_MAX_FAILURES_PER_ADDRESS
    )


class ThrottledModelBackend(ModelBackend):
    """Django's backend, refusing while a user name or address has failed too often.

    A locked login gets the same answer as a wrong password, for known and unknown users
    alike, so the lock does not reveal which user names exist.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(self.get_user_model_field())
        address = client_address(request)
        name = (username or "").lower()
        if is_locked(name, address):
            log.warning("login refused: locked user=%s address=%s", name, address)
            LoginFailure.objects.create(username=name, address=address)
            return None
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None:
            LoginFailure.objects.create(username=name, address=address)
            log.warning("login failed user=%s address=%s", name, address)
        else:
            log.info("login user=%s address=%s", name, address)
        return user

    @staticmethod
    def get_user_model_field() -> str:
        from django.contrib.auth import get_user_model

        return get_user_model().USERNAME_FIELD


AUTH_AT, SEEN_AT = "actionplan_auth_at", "actionplan_seen_at"
# The last-seen stamp is written at most this often, not on every request (a session save
# each time). It can therefore lag the last request by up to this much, and the idle limit
# is counted from the stamp plus this much: an active user's session never ends early; an
# idle one ends at most this much late.
SEEN_REFRESH_SECONDS = 60


def stamp_session(request) -> None:
    """At login: the absolute and the idle lifetime start now."""
    now = timezone.now().timestamp()
    request.session[AUTH_AT] = request.session[SEEN_AT] = now


class SessionSecurityMiddleware:
    """Ends staff sessions after inactivity and after an absolute lifetime, and keeps
    logged-in pages out of caches."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = timezone.now().timestamp()
            session = request.session
            auth_at = session.setdefault(AUTH_AT, now)
            seen_at = session.get(SEEN_AT, now)
            idle_limit = settings.ACTIONPLAN_SESSION_IDLE_SECONDS + SEEN_REFRESH_SECONDS
            if (
                now - auth_at > settings.ACTIONPLAN_SESSION_ABSOLUTE_SECONDS
                or now - seen_at > idle_limit
            ):
                log.info(
                    "session expired user=%s address=%s",
                    user.get_username(),
                    client_address(request),
                )
                logout(request)
            elif now - seen_at >= SEEN_REFRESH_SECONDS or SEEN_AT not in session:
                session[SEEN_AT] = now
        response = self.get_response(request)
        if getattr(request, "user", None) is not None and request.user.is_authenticated:
            response["Cache-Control"] = "no-store"
        return response
