"""The visitor's address, and which reverse proxies may tell it.

Behind nginx (KISS_BEHIND_PROXY) every request reaches gunicorn from the proxy, and the
visitor's address is the one nginx appends to X-Forwarded-For. Anyone who reaches gunicorn
directly can send that header too, with any address in it: it is believed only on a request
that comes from one of KISS_TRUSTED_PROXIES (addresses or networks, e.g. 127.0.0.1 for nginx on
the same machine). Read from the right, entries added by trusted proxies are passed over; the
first other one is the visitor (the right-most untrusted hop). Entries further left are whatever
the visitor chose to send.

The posting limit (registrations/domain/limits.py) and the sign-in lockout (django-axes) count per
this address; kiss_visit/checks.py refuses a deployment that would make it anyone's choice.
"""

import contextlib
import functools
import ipaddress

from django.conf import settings


@functools.cache
def networks(proxies: tuple[str, ...]) -> tuple:
    found = []
    for proxy in proxies:
        # One that is no address trusts nothing; the deployment check names it.
        with contextlib.suppress(ValueError):
            found.append(ipaddress.ip_network(proxy, strict=False))
    return tuple(found)


def invalid_proxies() -> list[str]:
    """KISS_TRUSTED_PROXIES entries that are no address or network (for the deployment check)."""
    invalid = []
    for proxy in settings.TRUSTED_PROXIES:
        try:
            ipaddress.ip_network(proxy, strict=False)
        except ValueError:
            invalid.append(proxy)
    return invalid


def is_trusted_proxy(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks(tuple(settings.TRUSTED_PROXIES)))


def client_address(request) -> str:
    peer = request.META.get("REMOTE_ADDR", "")
    if not (settings.BEHIND_PROXY and is_trusted_proxy(peer)):
        return peer
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    for hop in reversed(hops):
        if not is_trusted_proxy(hop):
            return hop if is_address(hop) else peer
    return peer


def is_address(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True
