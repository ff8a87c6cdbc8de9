"""The Whoosh engine: the only code in the archive that touches Whoosh.

It implements ``search.engine.SearchEngine`` and reads some of Whoosh's private parts
(posting blocks, length columns, the codec's per-document reader) to be fast, so it is
written for one release of Whoosh: ``WHOOSH_VERSION``, pinned exactly in
``pyproject.toml``. Importing the package checks the installed release and refuses another
with a message saying what to do.

- ``backend``: the haystack backend (``ENGINE`` in ``HAYSTACK_CONNECTIONS``), the contract's
  methods;
- ``store``: the index directory and its generations (build beside, swap, clean up);
- ``copies``: a copy of the live generation for a backup, and bringing one back;
- ``snapshots``: each process's warm searcher, reopened whenever the index changed;
- ``fields``: the schema's n-gram and word fields and the codec;
- ``postings``, ``docsets``, ``ranking``, ``finder``: answering a search;
- ``merging``: which segments a commit merges.
"""
from __future__ import annotations

import whoosh

from ..engine import EngineMismatch

WHOOSH_VERSION = (2, 7, 5)

if tuple(whoosh.__version__[:3]) != WHOOSH_VERSION:
    raise EngineMismatch(
        f"search.whoosh_engine is written for Whoosh "
        f"{'.'.join(map(str, WHOOSH_VERSION))} (whoosh-reloaded), but "
        f"{whoosh.versionstring()} is installed: install the version pinned in "
        "pyproject.toml (make install), or check the engine against the new release first"
    )
