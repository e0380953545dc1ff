"""The study engine: scheduling, grading, sessions, progress and statistics.

Screens and commands use :class:`altlearn.study.service.Study`; the modules
below it are small and pure where they can be.
"""
