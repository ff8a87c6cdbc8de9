"""The archive's own words for jieba: places, unions, people and the domain's terms.

jieba's general dictionary does not know 柯桥区总工会 or 疗休养; taught them, it cuts the
archive's text into the units readers search for, which improves ranking (matching does not
depend on it: see search.segmentation). The dictionary is a file in the data directory, rewritten
only when the vocabulary changes; every process reloads it when the file changes.
"""
from __future__ import annotations

import hashlib
import os
from pathlib import Path

from archive.ingest.vocabulary import DOMAIN_TERMS
from archive.models import Person, Place, Union

from .segmentation import user_dictionary_path

NAME_FREQUENCY = 3000  # high enough that jieba keeps a name whole


def vocabulary() -> list[str]:
    """Every word the archive teaches jieba, sorted."""
    words: set[str] = set(DOMAIN_TERMS)
    for name, short, former in Place.objects.values_list("name", "short_names", "former_names"):
        words.update([name, *short, *former])
    for name, aliases in Union.objects.values_list("name", "aliases"):
        words.update([name, *aliases])
    words.update(Person.objects.values_list("name", flat=True))
    return sorted(word for word in words if len(word) >= 2 and " " not in word)


def refresh_user_dictionary(path: Path | None = None) -> bool:
    """Rewrite the user dictionary if the vocabulary changed; True when it did."""
    path = path or user_dictionary_path()
    content = "".join(f"{word} {NAME_FREQUENCY}\n" for word in vocabulary())
    if path.exists() and _digest(path.read_bytes()) == _digest(content.encode()):
        return False
    temporary = path.with_suffix(".tmp")
    temporary.write_text(content, encoding="utf-8")
    os.replace(temporary, path)
    return True


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
