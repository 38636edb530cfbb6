"""The editors' admin, one module per family of records; importing the package
registers every model admin."""

from . import agencies, corrections, ice_lists, orders, source_checks, statements

__all__ = [
    "agencies",
    "corrections",
    "ice_lists",
    "orders",
    "source_checks",
    "statements",
]
