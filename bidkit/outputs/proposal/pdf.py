"""The proposal as PDF, made by LibreOffice headless.

A plain ``soffice --convert-to pdf`` prints the table of contents as the
template left it (Word fills it in when the file is opened; LibreOffice does
not on conversion).  So the conversion runs a small Basic macro instead: open
the document hidden, update every index (the table of contents) and field
(page counts), then export.  The macro lives in a throw-away LibreOffice
profile, so the user's own profile is never touched and two conversions at
once do not collide.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
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


def _run(cmd: list[str], pdf: Path) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT_S, check=False)
    except subprocess.TimeoutExpired:
        raise OutputError(f"LibreOffice did not finish within {TIMEOUT_S} s", Location(str(pdf))) from None
    except OSError as exc:
        raise OutputError(f"cannot run LibreOffice ({cmd[0]}): {exc.strerror}", Location(str(pdf))) from None


def _profile(soffice: str, root: Path, pdf: Path) -> list[str]:
    """A fresh LibreOffice profile holding the conversion macro; returns the command prefix.

    LibreOffice fills a new profile's Basic libraries from its presets on first
    start, overwriting what is there, so the profile is started once first.
    """
    base = [soffice, f"-env:UserInstallation={root.as_uri()}", "--headless", "--invisible",
            "--norestore", "--nologo", "--nodefault"]  # fmt: skip
    _run([*base, "--terminate_after_init"], pdf)
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


def docx_to_pdf(docx: Path, pdf: Path) -> None:
    """Convert ``docx`` to ``pdf`` (written atomically: a failed run leaves no partial file)."""
    soffice = require_soffice()
    pdf.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="bidkit-pdf-") as tmp:
        base = _profile(soffice, Path(tmp) / "profile", pdf)
        target = Path(tmp) / "out.pdf"
        macro = f'macro:///Standard.Bidkit.ToPdf("{docx.resolve().as_uri()}","{target.as_uri()}")'
        done = _run([*base, macro], pdf)
        if not target.is_file() or target.stat().st_size == 0:
            detail = (done.stderr or done.stdout).strip().splitlines()
            why = f": {detail[-1]}" if detail else ""
            raise OutputError(f"LibreOffice could not convert {docx.name} to PDF{why}", Location(str(pdf)))
        staged = pdf.with_name(f".{pdf.name}.tmp")
        shutil.move(target, staged)
        os.replace(staged, pdf)
