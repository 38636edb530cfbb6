"""Imports of outside data: ICE's 287(g) lists (``ice_lists``) and statements from a
CSV file (``statement_csv``). Each import is one function that writes everything or
nothing and returns a report the command line and the admin both print."""

from .ice_import import IceListReport, import_ice_list, import_ice_lists
from .ice_lists import read_ice_list
from .order_import import OrderImportReport, import_order_csv
from .reading import ImportFailed, check_file_size, read_file
from .statement_import import StatementImportReport, import_statement_csv

__all__ = [
    "ImportFailed",
    "check_file_size",
    "read_file",
    "OrderImportReport",
    "IceListReport",
    "StatementImportReport",
    "import_ice_list",
    "import_ice_lists",
    "import_order_csv",
    "import_statement_csv",
    "read_ice_list",
]
