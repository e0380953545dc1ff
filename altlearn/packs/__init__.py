"""Markdown packs to the domain model: reading, parsing, checking, the library.

The entry points are :func:`altlearn.packs.loader.load_pack` (one pack directory
to a :class:`~altlearn.domain.Pack` plus diagnostics) and
:func:`altlearn.packs.checker.check_paths` (what ``altlearn pack check`` runs).
"""
