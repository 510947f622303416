"""Catalogue text made safe for XML documents, the same way in every output.

Characters that XML 1.0 cannot carry (C0 controls other than tab, newline and
carriage return; U+FFFE, U+FFFF; lone surrogates) are replaced by U+FFFD, the
Unicode replacement character, so they stay visible instead of crashing a
build or vanishing.  Nothing else is changed: right-to-left marks and emoji
are kept.
"""

from __future__ import annotations

import re

ILLEGAL_CHARS = "\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff"  # as a regular expression's [class]
_ILLEGAL = re.compile(f"[{ILLEGAL_CHARS}]")
REPLACEMENT = "\ufffd"


def xml_safe(text: str) -> str:
    return _ILLEGAL.sub(REPLACEMENT, text)
