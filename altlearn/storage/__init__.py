"""The progress store: SQLite through sqlite-utils. The only importer of sqlite_utils.

One file, ``progress.sqlite3`` in the home folder. The review log and lesson log
are append-only and are the truth; card states and lesson progress are caches
rebuilt from them. A connection belongs to the thread that opened it: open one
per thread (Textual workers included).
"""
