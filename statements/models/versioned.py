"""Which records keep versions (django-reversion), and what one version holds.

A statement's version holds its positions too (``follow``), so that one revision is
the whole statement as an editor saw it, and reverting it brings the positions back
with it. Registered here, at model import, before any admin class is built: the
admin would otherwise register the models itself, without these choices.
"""

import reversion

from .agencies import Agency, AgencyAlias
from .orders import Order
from .statements import Position, Statement

reversion.register(Statement, follow=("positions",))
reversion.register(Position)
reversion.register(Agency, follow=("aliases",))
reversion.register(AgencyAlias)
reversion.register(Order)
