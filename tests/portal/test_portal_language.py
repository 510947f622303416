"""English or Danish: from the person's profile, else from the browser."""

from __future__ import annotations

from typing import Any

import pytest

from bidkit.portal.accounts.models import Profile

pytestmark = pytest.mark.django_db


def test_the_browser_language_is_used_before_signing_in(people: Any) -> None:
    client = people.client(None)
    assert "<h1>Log ind</h1>" in client.get("/login/", HTTP_ACCEPT_LANGUAGE="da").content.decode()
    assert "<h1>Sign in</h1>" in client.get("/login/", HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_the_profile_language_wins_over_the_browser(people: Any, upload: Any, rows_with_errors: Any) -> None:
    client = people.client("member_a")
    upload(client, "alpha", rows_with_errors)
    page = client.get("/catalogues/alpha/versions/1/", HTTP_ACCEPT_LANGUAGE="da").content.decode()
    assert "Denne version har 2 fejl, så den gemmes men bruges ikke. Ret cellerne nedenfor og send filen igen." in page
    assert "<th>Celle</th><th>Hvad er galt</th><th>Rækkens værdier</th>" in page
    response = client.post("/profile/", {"language": "en"}, HTTP_ACCEPT_LANGUAGE="da")
    assert response.status_code == 302
    assert Profile.objects.get(user=people.member_a).language == "en"
    page = client.get("/catalogues/alpha/versions/1/", HTTP_ACCEPT_LANGUAGE="da").content.decode()
    assert "This version has 2 errors, so it is kept but not used." in page
    client.post("/profile/", {"language": "da"})
    assert "Send en ny version" in client.get("/catalogues/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
