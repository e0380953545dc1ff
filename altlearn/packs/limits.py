"""Size bounds that keep a hostile or careless pack from hurting a learner."""

MAX_FILE_BYTES = 1024 * 1024
"""Any file in a pack larger than this is an error."""

LESSON_WARN_BYTES = 64 * 1024
"""A lesson larger than this gets a warning: it renders slowly on small machines."""

MAX_PACK_BYTES = 64 * 1024 * 1024
"""A whole pack larger than this is refused."""

MAX_PACK_FILES = 20_000
"""A pack with more files than this is refused."""
