"""Text from files, made safe to print to a terminal.

Any value bidkit prints can come from a file someone else wrote: a catalogue's text, a bid's
title, a name in the review log (``review --by``), a value in a hand-edited lock.  A terminal
obeys escape sequences (ESC, and the C1 control CSI) in what it prints: they can clear the screen,
rewrite earlier lines, set the window title or, in some terminals, answer back as if typed.
Bidirectional overrides can make text read in another order than it is stored.  So every line the
commands print passes through :func:`safe_text`, and rich tables are drawn by :class:`SafeConsole`,
which does the same to every string before rich styles it.
"""

from __future__ import annotations

import re
from typing import Any

from rich.console import Console
from rich.text import Text

REPLACEMENT = "\ufffd"
# C0 controls but tab and line feed, DEL, C1 controls; bidirectional embeddings, overrides and
# isolates (U+202A-U+202E, U+2066-U+2069); the line and paragraph separators.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")
_UNSAFE_IN_LINE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def safe_text(text: str, one_line: bool = False) -> str:
    """``text`` with every terminal control character replaced by U+FFFD.

    With ``one_line``, a line feed is replaced too (a value that should fill one line cannot
    forge a second).
    """
    pattern = _UNSAFE_IN_LINE if one_line else _UNSAFE
    return pattern.sub(REPLACEMENT, text)


class SafeConsole(Console):
    """A rich console that neutralises control characters in every string it is given."""

    def render_str(self, text: str, *args: Any, **kwargs: Any) -> Text:
        return super().render_str(safe_text(text), *args, **kwargs)


def safe_json(text: str) -> str:
    """JSON text with those characters written as JSON escapes (U+202E as u202e after a backslash)."""
    return _UNSAFE.sub(lambda found: f"\\u{ord(found.group()):04x}", text)
