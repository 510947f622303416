"""Where the portal keeps its data: the data folder, the database, the files, the secret key."""

from __future__ import annotations

from pathlib import Path

import pytest

from bidkit.errors import BidkitError
from bidkit.portal.home import make_home, portal_home, secret_key
from bidkit.portal.settings import database, file_storage, listed


def test_sqlite_in_the_data_folder_unless_database_url_says_otherwise(tmp_path: Path) -> None:
    assert database(None, tmp_path) == {"ENGINE": "django.db.backends.sqlite3", "NAME": tmp_path / "portal.sqlite3"}
    pg = database("postgres://bidkit:secret@db.example:5433/portal", tmp_path)
    assert (pg["ENGINE"], pg["NAME"], pg["HOST"], pg["PORT"], pg["USER"]) == (
        "django.db.backends.postgresql", "portal", "db.example", 5433, "bidkit")


def test_files_in_a_folder_or_an_s3_bucket(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = file_storage("folder", tmp_path)
    assert folder["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert folder["OPTIONS"]["location"] == tmp_path / "files"
    monkeypatch.setenv("BIDKIT_PORTAL_S3_BUCKET", "cluster-files")
    monkeypatch.setenv("BIDKIT_PORTAL_S3_ENDPOINT", "https://s3.example")
    s3 = file_storage("s3", tmp_path)
    assert s3["BACKEND"] == "storages.backends.s3.S3Storage"
    assert {k: s3["OPTIONS"][k] for k in ("bucket_name", "endpoint_url", "default_acl", "file_overwrite")} == {
        "bucket_name": "cluster-files", "endpoint_url": "https://s3.example", "default_acl": "private",
        "file_overwrite": False}  # fmt: skip


def test_the_secret_key_comes_from_the_environment_or_the_key_file(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    monkeypatch.delenv("BIDKIT_PORTAL_SECRET_KEY", raising=False)
    home = tmp_path / "data"
    assert secret_key(home) == ""
    make_home(home)
    key = secret_key(home)
    assert len(key) >= 50 and (home / "secret-key").stat().st_mode & 0o777 == 0o600
    make_home(home)
    assert secret_key(home) == key  # kept, never made anew
    monkeypatch.setenv("BIDKIT_PORTAL_SECRET_KEY", "from-the-environment")
    assert secret_key(home) == "from-the-environment"
    fresh = tmp_path / "other"
    make_home(fresh)
    assert not (fresh / "secret-key").exists()  # the environment gives it: no file


def test_the_data_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BIDKIT_PORTAL_HOME", str(tmp_path / "x"))
    assert portal_home() == tmp_path / "x"
    monkeypatch.delenv("BIDKIT_PORTAL_HOME")
    monkeypatch.chdir(tmp_path)
    assert portal_home() == tmp_path / "portal-data"
    (tmp_path / "file").write_text("")
    with pytest.raises(BidkitError) as caught:
        make_home(tmp_path / "file" / "below")
    assert str(caught.value) == f"{tmp_path}/file/below: cannot set up the portal's data folder: Not a directory"


def test_listed_hosts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BIDKIT_PORTAL_HOSTS", " portal.example, ,intranet ")
    assert listed("BIDKIT_PORTAL_HOSTS") == ["portal.example", "intranet"]
