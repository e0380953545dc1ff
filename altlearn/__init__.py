"""altlearn: learn the job of an Assistant Language Teacher in Japan, offline.

Importing this package loads nothing heavy; the layers live in subpackages.
"""

__version__ = "0.1.0"
