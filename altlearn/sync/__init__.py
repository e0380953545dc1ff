"""Syncing content packs from git: transport, checks, staging and atomic install.

The public API is :mod:`altlearn.sync.service` (sync, update, rollback, list) and
:func:`altlearn.sync.bundle.write_bundle` (trainers' bundle files); docs/sync.md
describes how it works and why it uses the git program. Importing this package
loads nothing.

Modules, in the order a sync uses them: :mod:`~altlearn.sync.sources` (what may be
fetched), :mod:`~altlearn.sync.git` (running git safely),
:mod:`~altlearn.sync.transfer` (one watched fetch), :mod:`~altlearn.sync.tree`
(judging the fetched tree), :mod:`~altlearn.sync.staging` (staging and the atomic
swap), :mod:`~altlearn.sync.installer` (one pack, start to end),
:mod:`~altlearn.sync.subscriptions`, :mod:`~altlearn.sync.reports`,
:mod:`~altlearn.sync.progress`, :mod:`~altlearn.sync.lock`.
"""
