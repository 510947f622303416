"""The proposal as PDF, made by LibreOffice headless.

A plain ``soffice --convert-to pdf`` prints the table of contents as the
template left it (Word fills it in when the file is opened; LibreOffice does
not on conversion).  So the conversion runs a small Basic macro instead: open
the document hidden, update every index (the table of contents) and field
(page counts), then export.  The macro lives in a throw-away LibreOffice
profile, so the user's own profile is never touched and two conversions at
once do not collide.

Everything LibreOffice writes stays in one temporary folder of ours
(``bidkit-pdf-*``): the profile, the document, the PDF and LibreOffice's own
temporary files (its ``TMPDIR`` points inside it, so no ``lu*.tmp`` folder is
left in the user's).  LibreOffice runs in a process group of its own; whatever
ends the conversion (success, error, timeout, Ctrl-C, SIGTERM turned into an
exception by the command line) kills that group and removes the folder.

LibreOffice stamps each PDF with the time and a random file identifier; both
are replaced, keeping every byte offset, by the bid's date and a digest of the
rest of the file, so the same proposal gives the same PDF bytes on the same
LibreOffice and fonts (``bidkit build --check --pdf`` compares them).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import shutil
import signal
import subprocess
import tempfile
from contextlib import suppress
from pathlib import Path

from bidkit.errors import Location, OutputError

TIMEOUT_S = 600
INSTALL_HINT = (
    "LibreOffice is needed for --pdf but 'soffice' was not found on PATH; install it "
    "(Debian/Ubuntu: sudo apt-get install libreoffice-writer-nogui; macOS: brew install --cask "
    "libreoffice; Windows: https://www.libreoffice.org/download) or set BIDKIT_SOFFICE to its path"
)

_MACRO = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">
<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Bidkit"
 script:language="StarBasic">
Sub ToPdf(src As String, dst As String)
  Dim load(0) As New com.sun.star.beans.PropertyValue
  load(0).Name = "Hidden"
  load(0).Value = True
  doc = StarDesktop.loadComponentFromURL(src, "_blank", 0, load())
  indexes = doc.getDocumentIndexes()
  For i = 0 To indexes.getCount() - 1
    indexes.getByIndex(i).update()
  Next i
  doc.getTextFields().refresh()
  Dim save(0) As New com.sun.star.beans.PropertyValue
  save(0).Name = "FilterName"
  save(0).Value = "writer_pdf_Export"
  doc.storeToURL(dst, save())
  doc.close(True)
  StarDesktop.terminate()
End Sub
</script:module>
"""
_LIBRARY = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE library:library PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "library.dtd">
<library:library xmlns:library="http://openoffice.org/2000/library" library:name="Standard"
 library:readonly="false" library:passwordprotected="false">{elements}</library:library>
"""
_LIBRARIES = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE library:libraries PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "libraries.dtd">
<library:libraries xmlns:library="http://openoffice.org/2000/library" xmlns:xlink="http://www.w3.org/1999/xlink">
 <library:library library:name="Standard" library:link="false"/>
</library:libraries>
"""


def find_soffice() -> str | None:
    """LibreOffice's command: $BIDKIT_SOFFICE, else soffice or libreoffice on PATH."""
    configured = os.environ.get("BIDKIT_SOFFICE")
    if configured:
        return configured if Path(configured).is_file() else shutil.which(configured)
    return shutil.which("soffice") or shutil.which("libreoffice")


def require_soffice() -> str:
    """LibreOffice's command, or an error that says what to install."""
    soffice = find_soffice()
    if soffice is None:
        raise OutputError(INSTALL_HINT)
    return soffice


def _run(cmd: list[str], pdf: Path, tmp: Path) -> subprocess.CompletedProcess[str]:
    """Run LibreOffice with its temporary files in ``tmp``, in its own process group.

    Whatever stops the wait (a timeout, Ctrl-C, SIGTERM raised as an exception), the whole group
    is killed before the exception goes on, so nothing is left writing into our folder.
    """
    env = {**os.environ, "TMPDIR": str(tmp), "TMP": str(tmp), "TEMP": str(tmp)}
    try:
        child = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                                 start_new_session=True)  # fmt: skip
    except OSError as exc:
        raise OutputError(f"cannot run LibreOffice ({cmd[0]}): {exc.strerror}", Location(str(pdf))) from None
    try:
        out, err = child.communicate(timeout=TIMEOUT_S)
    except subprocess.TimeoutExpired:
        _kill_group(child)
        raise OutputError(f"LibreOffice did not finish within {TIMEOUT_S} s", Location(str(pdf))) from None
    except BaseException:
        _kill_group(child)
        raise
    return subprocess.CompletedProcess(cmd, child.returncode, out, err)


def _kill_group(child: subprocess.Popen[str]) -> None:
    """Kill LibreOffice and every process it started (they share the group it leads), then reap it."""
    with suppress(ProcessLookupError, PermissionError):
        os.killpg(child.pid, signal.SIGKILL)
    with suppress(subprocess.TimeoutExpired):
        child.communicate(timeout=10)


def _profile(soffice: str, root: Path, pdf: Path, tmp: Path) -> list[str]:
    """A fresh LibreOffice profile holding the conversion macro; returns the command prefix.

    LibreOffice fills a new profile's Basic libraries from its presets on first
    start, overwriting what is there, so the profile is started once first.
    """
    base = [soffice, f"-env:UserInstallation={root.as_uri()}", "--headless", "--invisible",
            "--norestore", "--nologo", "--nodefault"]  # fmt: skip
    _run([*base, "--terminate_after_init"], pdf, tmp)
    basic = root / "user" / "basic"
    (basic / "Standard").mkdir(parents=True, exist_ok=True)
    (basic / "script.xlc").write_text(_LIBRARIES, encoding="utf-8")
    (basic / "dialog.xlc").write_text(_LIBRARIES, encoding="utf-8")
    (basic / "Standard" / "script.xlb").write_text(
        _LIBRARY.format(elements='<library:element library:name="Bidkit"/>'), encoding="utf-8"
    )
    (basic / "Standard" / "dialog.xlb").write_text(_LIBRARY.format(elements=""), encoding="utf-8")
    (basic / "Standard" / "Bidkit.xba").write_text(_MACRO, encoding="utf-8")
    return base


def pdf_bytes(docx: bytes, pdf: Path, day: dt.date) -> bytes:
    """The PDF of a proposal given as .docx bytes, stamped with ``day``; ``pdf`` names it in errors.

    Raises :class:`~bidkit.errors.OutputError` when LibreOffice is missing or fails.
    """
    soffice = require_soffice()
    folder = Path(tempfile.mkdtemp(prefix="bidkit-pdf-"))
    try:
        tmp = folder / "tmp"
        tmp.mkdir()
        base = _profile(soffice, folder / "profile", pdf, tmp)
        source, target = folder / "proposal.docx", folder / "out.pdf"
        source.write_bytes(docx)
        macro = f'macro:///Standard.Bidkit.ToPdf("{source.as_uri()}","{target.as_uri()}")'
        done = _run([*base, macro], pdf, tmp)
        if not target.is_file() or target.stat().st_size == 0:
            detail = (done.stderr or done.stdout).strip().splitlines()
            why = f": {detail[-1]}" if detail else ""
            raise OutputError(f"LibreOffice could not convert {pdf.with_suffix('.docx').name} to PDF{why}",
                              Location(str(pdf)))  # fmt: skip
        return stamped(target.read_bytes(), day)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


_DATES = re.compile(rb"/(CreationDate|ModDate)\s*\(D:(\d{14})")
_IDS = re.compile(rb"/ID\s*\[\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*\]")
_CHECKSUM = re.compile(rb"/DocChecksum\s*/([0-9A-Fa-f]+)")


def stamped(data: bytes, day: dt.date) -> bytes:
    """``data`` (a PDF from LibreOffice) with its dates set to ``day`` and its identifiers to a digest.

    Every replacement has the length of what it replaces, so the cross-reference offsets stay right.
    """
    stamp = day.strftime("%Y%m%d000000").encode()
    data = _DATES.sub(lambda m: m.group(0)[: m.start(2) - m.start(0)] + stamp, data)
    blank = _CHECKSUM.sub(lambda m: m.group(0).replace(m.group(1), b"0" * len(m.group(1))), data)
    blank = _IDS.sub(lambda m: b"/ID[]", blank)
    digest = hashlib.sha256(blank).hexdigest().upper().encode()

    def same_length(hexits: bytes) -> bytes:
        return (digest * (len(hexits) // len(digest) + 1))[: len(hexits)]

    data = _IDS.sub(lambda m: m.group(0).replace(m.group(1), same_length(m.group(1)))
                    .replace(m.group(2), same_length(m.group(2))), data)  # fmt: skip
    return _CHECKSUM.sub(lambda m: m.group(0).replace(m.group(1), same_length(m.group(1))), data)


def docx_to_pdf(docx: Path, pdf: Path, day: dt.date | None = None) -> None:
    """Convert the file ``docx`` to ``pdf`` (written atomically: a failed run leaves no partial file)."""
    from bidkit.outputs.files import atomic_write

    atomic_write(pdf, pdf_bytes(docx.read_bytes(), pdf, day or dt.date(1980, 1, 1)))
