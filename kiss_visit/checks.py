"""Deployment checks of our own (`manage.py check --deploy`): settings that would let anyone
choose the address the posting limit and the sign-in lockout count (kiss_visit/http/proxies.py)."""

from django.conf import settings
from django.core.checks import Error, Tags, register

from kiss_visit.http.proxies import invalid_proxies

EVERY_INTERFACE = {"", "0.0.0.0", "::", "[::]", "*"}


def listens_on_every_interface(bind: str) -> bool:
    if bind.startswith(("unix:", "fd://")):
        return False
    host = bind.rsplit(":", 1)[0] if ":" in bind else bind
    return host in EVERY_INTERFACE


@register(Tags.security, deploy=True)
def check_proxy_settings(app_configs, **kwargs) -> list[Error]:
    errors = []
    if settings.BEHIND_PROXY and not settings.TRUSTED_PROXIES:
        errors.append(
            Error(
                "KISS_BEHIND_PROXY is on but KISS_TRUSTED_PROXIES names no proxy: the site "
                "cannot tell its proxy's X-Forwarded-For from anyone else's.",
                hint="Set KISS_TRUSTED_PROXIES to the proxy's address (127.0.0.1 for nginx on "
                "this machine).",
                id="kiss.E001",
            )
        )
    if settings.BEHIND_PROXY and listens_on_every_interface(settings.GUNICORN_BIND):
        errors.append(
            Error(
                f"GUNICORN_BIND={settings.GUNICORN_BIND} listens on every interface behind a "
                "proxy: clients could reach gunicorn without going through the proxy.",
                hint="Bind gunicorn to loopback (GUNICORN_BIND=127.0.0.1:8000, the default) or "
                "to the address only the proxy reaches.",
                id="kiss.E002",
            )
        )
    for proxy in invalid_proxies():
        errors.append(
            Error(
                f"KISS_TRUSTED_PROXIES: {proxy!r} is not an address or a network.",
                id="kiss.E003",
            )
        )
    return errors
