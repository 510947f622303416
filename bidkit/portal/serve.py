"""``bidkit portal serve``: waitress in front of the portal's WSGI application."""

from __future__ import annotations

from collections.abc import Callable

from bidkit.errors import BidkitError, Location
from bidkit.portal.home import KEY_VARIABLE


def check_ready() -> None:
    """A key to sign sessions with, and a database whose tables are up to date."""
    from django.conf import settings

    from bidkit.portal.setup import pending_migrations

    if not settings.SECRET_KEY:
        raise BidkitError(f"no secret key: run `bidkit portal init` or set {KEY_VARIABLE}",
                          Location("portal"))  # fmt: skip
    pending = pending_migrations()
    if pending:
        raise BidkitError(f"the database is not up to date ({len(pending)} changes to make); run "
                          "`bidkit portal init`", Location("portal"))  # fmt: skip


def run(host: str, port: int, threads: int, announce: Callable[[str], None]) -> None:
    from django.conf import settings
    from waitress.server import create_server

    from bidkit.portal.wsgi import application

    limit: int = settings.PORTAL_MAX_UPLOAD_BYTES
    try:
        server = create_server(application, host=host, port=port, threads=threads,
                               max_request_body_size=limit + 1024 * 1024, ident="bidkit")  # fmt: skip
    except OSError as exc:
        raise BidkitError(f"cannot listen on {host}:{port}: {exc.strerror or exc}",
                          Location("portal")) from None  # fmt: skip
    name = f"[{host}]" if ":" in host else host
    announce(f"http://{name}:{server.effective_port}/")
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
