"""China's administrative divisions (GB/T 2260) and finding them in article text.

Pure Python over a committed data file: no database access, so the import pipeline can use
it anywhere. ``sync.sync_places`` copies the records into the ``Place`` table.
"""
from .lookup import Gazetteer, PlaceMention, get_gazetteer, source_note
from .records import PlaceRecord

__all__ = ["Gazetteer", "PlaceMention", "PlaceRecord", "get_gazetteer", "source_note"]
