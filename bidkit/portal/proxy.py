"""The client's address behind the deployment's proxy, for login throttling (django-axes)."""

from __future__ import annotations

from django.http import HttpRequest


def client_address(request: HttpRequest) -> str | None:
    """The address the nearest proxy saw: the last ``X-Forwarded-For`` entry, which it appended.

    Earlier entries were written by the client and prove nothing.  Without the header (no proxy)
    the connection's own address is used.  Only the production settings, which assume a proxy
    in front, use this.
    """
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    address: str | None = hops[-1] if hops else request.META.get("REMOTE_ADDR")
    return address
