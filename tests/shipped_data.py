"""Where the tests find the real data shipped in the repository (``data/``): a clone
has nothing beside it, so no test reads outside the checkout."""

from pathlib import Path

from django.conf import settings

DATA_DIR = Path(settings.BASE_DIR) / "data"
ICE_DIR = DATA_DIR / "ice-287g"
MAY = "participatingAgencies05162025am.xlsx"
JUNE = "participatingAgencies06172025pm.xlsx"
JULY = "participatingAgencies07182025pm.xlsx"
PENDING = "pendingAgencies06172025pm.xlsx"
ORDERS_CSV = DATA_DIR / "orders" / "orders.csv"
STATEMENTS_CSV = DATA_DIR / "statements" / "statements.csv"


def ice_file(name):
    """The path of one of ICE's lists shipped in ``data/ice-287g/``."""
    path = ICE_DIR / name
    if not path.is_file():
        raise FileNotFoundError(f"ICE's list {path} is missing from the repository.")
    return path
