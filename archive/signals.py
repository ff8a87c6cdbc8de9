"""Signals the archive sends about its articles.

``articles_changed`` is the one notice that articles were created, edited or deleted, sent by
every write path (import, admin edits) *inside* the writing transaction. Bulk inserts send no
``post_save``, so this is how the search index learns of changes; a receiver must only write
to the database (an outbox row), so that its record commits or rolls back with the change.
"""
from django.dispatch import Signal

# Arguments: changed_ids (articles created or edited), removed_ids (articles deleted).
articles_changed = Signal()
