"""When the index writer merges segments: small ones together, large ones never.

Each commit leaves a new segment; Whoosh's default policy (``MERGE_SMALL``) merges by a
Fibonacci rule over all segments, and once a rebuild has left a score of equal segments
(two writing processes, batches of 10,000), the next one or two commits of a single
issue merge *everything*: at 100,000 articles a rewrite of the whole index that holds
the writer lock for many minutes, while every new import waits to become searchable.

Here a commit merges only the small segments that imports and edits leave, once there
are several of them, so a commit stays a matter of seconds; the large segments from a
rebuild are left as they are (``rebuild_index`` writes them anew).
"""
from __future__ import annotations

from whoosh.reading import SegmentReader

SMALL_SEGMENT = 2000  # documents: about fifty issues' worth
MERGE_WHEN = 8  # small segments waiting before they are merged into one


def merge_small_segments(writer, segments):  # noqa: ANN001, ANN201 - Whoosh's signature
    """A Whoosh merge policy: the segments to keep as they are, after adding the small
    ones to ``writer``'s new segment when enough of them have gathered."""
    small = [segment for segment in segments if segment.doc_count_all() < SMALL_SEGMENT]
    if len(small) < MERGE_WHEN:
        return segments
    for segment in small:
        reader = SegmentReader(writer.storage, writer.schema, segment)
        writer.add_reader(reader)
        reader.close()
    merged = {id(segment) for segment in small}
    return [segment for segment in segments if id(segment) not in merged]
