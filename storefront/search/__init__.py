"""Product search: a Whoosh index per host, kept in sync with the database by an outbox.

Only ``search/index.py`` imports Whoosh. The index is a derived cache: every change to what
it holds writes a ``search_outbox`` row in the same transaction (``outbox.py``), and each
index applies the rows past its own high-water mark before it answers (``sync.py``).
"""
