"""What the tracker records: agencies, the orders they speak about, their statements
with one or more positions each, and their 287(g) agreements from ICE's lists. One
module per family; everything is importable from ``statements.models``."""

from . import versioned  # noqa: F401  (registers the versioned models)
from .agencies import Agency, AgencyAlias, AgencyRedirect, Inquiry
from .agreements import Agreement, AgreementRequest, IceRowValues, ListSnapshot
from .corrections import Correction
from .orders import Order
from .record import RecordVersion
from .review import StatusChange
from .source_checks import SourceCheck
from .statements import Position, Statement

__all__ = [
    "Agency",
    "AgencyAlias",
    "AgencyRedirect",
    "Agreement",
    "AgreementRequest",
    "Correction",
    "IceRowValues",
    "Inquiry",
    "ListSnapshot",
    "Order",
    "Position",
    "RecordVersion",
    "SourceCheck",
    "Statement",
    "StatusChange",
]
