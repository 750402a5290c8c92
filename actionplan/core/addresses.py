"""The address a request comes from, for throttling and the logs (core, so that the request
log of core.logs reads it as well as the login throttle of accounts.security)."""

import functools
import ipaddress

from django.conf import settings

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
