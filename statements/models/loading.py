"""How the models that public pages read by the hundred are made from rows."""

from django.db import models
from django.db.models.base import ModelState
from django.db.models.signals import post_init, pre_init


class ReadInBulk(models.Model):
    """A model whose instances are made from database rows without running
    ``__init__``: a list page makes some two hundred statements, agencies,
    positions and orders, and ``__init__`` walking every field of each (setting the
    ones read, skipping the deferred ones, sending two signals) was a twentieth of
    the page. ``from_db`` is the hook Django offers for this; the instance is the
    same: the columns read, under their attribute names, and a state saying it
    came from ``db``. A model that anything listens to ``pre_init`` or
    ``post_init`` for is made the usual way, so that those listeners still run."""

    class Meta:
        abstract = True

    @classmethod
    def from_db(cls, db, field_names, values):
        if pre_init.has_listeners(cls) or post_init.has_listeners(cls):
            return super().from_db(db, field_names, values)
        instance = cls.__new__(cls)
        state = ModelState()
        state.adding = False
        state.db = db
        # Django gives the attribute names of the columns read, in the order of
        # their values; columns not read are left out and load when first used.
        instance.__dict__.update(zip(field_names, values, strict=True))
        instance._state = state
        return instance
