"""Settings for a portal behind a TLS proxy: secure cookies, HSTS, HTTPS only.

Use with ``DJANGO_SETTINGS_MODULE=bidkit.portal.settings_production``; the secret key comes only
from ``BIDKIT_PORTAL_SECRET_KEY`` (each web process of a deployment needs the same one) and the
host names from ``BIDKIT_PORTAL_HOSTS``.  ``python -m bidkit.portal.manage check --deploy`` is
clean with these.
"""

from __future__ import annotations

import os

from bidkit.portal.home import KEY_VARIABLE
from bidkit.portal.settings import *  # noqa: F403

SECRET_KEY = os.environ.get(KEY_VARIABLE, "")  # never the data folder's key file: every process shares it
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_SSL_REDIRECT = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
# Behind the proxy every request comes from its address: throttle logins by the client's instead.
AXES_CLIENT_IP_CALLABLE = "bidkit.portal.proxy.client_address"
