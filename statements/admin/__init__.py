"""The editors' admin, one module per family of records; importing the package
registers every model admin."""

from . import agencies, ice_lists, orders, statements

__all__ = ["agencies", "ice_lists", "orders", "statements"]
