"""``bidkit portal init --demo``: the sample firms and their catalogues, the example bid, a login per role.

Everything here is bidkit's invented sample data (``catalogues/`` and ``examples/`` of the
source tree); the passwords are made anew each time and printed once.
"""

from __future__ import annotations

import secrets
import shutil
import string
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.contrib.auth.models import User

import bidkit
from bidkit import BidkitError, load_bid, load_catalogue
from bidkit.errors import Location
from bidkit.portal.accounts.models import Firm, Profile, Role
from bidkit.portal.catalogues.models import Bid, CatalogueVersion
from bidkit.portal.catalogues.upload import add_version
from bidkit.portal.people import add_firm, add_person

EXAMPLE = "examples/lviv-substations"
# (login, role, firm): one person per role, and a member of a second firm to show what is kept apart.
PEOPLE = (("export", Role.EXPORT, None), ("pumpco", Role.MEMBER, "pumpco"),
          ("isopipe", Role.MEMBER, "isopipe"), ("reviewer", Role.REVIEWER, "nordheat"))  # fmt: skip


# Letters and digits a person can read off a terminal and type: no 0/O, 1/l/I, and no - or _
# (a terminal's double-click stops at them, and one at the end is easily left out).  16 of these
# 55 characters are about 92 bits.
PASSWORD_CHARACTERS = "".join(c for c in string.ascii_letters + string.digits if c not in "0O1lI")
PASSWORD_LENGTH = 16


@dataclass(frozen=True)
class Login:
    username: str
    password: str
    role: str
    firm: str | None


def source_tree() -> Path:
    root = Path(bidkit.__file__).resolve().parent.parent
    if not (root / "catalogues").is_dir() or not (root / EXAMPLE / "bid.yaml").is_file():
        raise BidkitError("the demo needs bidkit's source folder (its catalogues/ and examples/)",
                          Location(str(root)))  # fmt: skip
    return root


def add_demo(home: Path) -> list[Login]:
    """Copy the samples into ``home/demo``, add firms, catalogues, the bid and the logins."""
    root = source_tree()
    demo = home / "demo"
    shutil.copytree(root / "catalogues", demo / "catalogues", dirs_exist_ok=True)
    shutil.copytree(root / EXAMPLE, demo / EXAMPLE, dirs_exist_ok=True)
    logins = [_person(name, role, firm) for name, role, firm in PEOPLE[:1]]
    export = User.objects.get(username="export")
    for workbook in sorted((demo / "catalogues").glob("*.xlsx")):
        catalogue, _ = load_catalogue(workbook, workbook.name)
        if catalogue is None:
            continue
        member = catalogue.member
        firm = Firm.objects.filter(pk=member.id).first() or add_firm(
            member.id, member.name, member.country, member.currency, "da" if member.country == "DK" else "en")
        if not CatalogueVersion.objects.filter(firm=firm).exists():
            add_version(firm, export, workbook.name, workbook.read_bytes(), date.today())
    logins += [_person(name, role, firm) for name, role, firm in PEOPLE[1:]]
    bid_file = demo / EXAMPLE / "bid.yaml"
    spec = load_bid(bid_file).spec
    Bid.objects.update_or_create(id=spec.id, defaults={
        "title": spec.title, "path": str(bid_file), "lead": Firm.objects.filter(pk=spec.lead).first(),
        "is_open": True})  # fmt: skip
    return logins


def _person(username: str, role: str, firm: str | None) -> Login:
    password = "".join(secrets.choice(PASSWORD_CHARACTERS) for _ in range(PASSWORD_LENGTH))
    user = User.objects.filter(username=username).first()
    if user is None:
        add_person(username, role, firm, password)
    else:  # a second demo run: a new password, same person
        user.set_password(password)
        user.save()
        Profile.objects.update_or_create(user=user, defaults={"role": role, "firm_id": firm})
    return Login(username, password, role, firm)
