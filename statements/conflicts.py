"""Saving over someone else's work: knowing that a record changed since its form was
opened, what changed, and who changed it.

A form carries a token: the record as it was when the form was opened (the fields
the form edits, and its inline records such as a statement's positions; a
``history.snapshot``), signed so it cannot be forged. On saving, ``conflict_for``
compares the token with the record as it is now, read under a row lock so that two
saves arriving together are taken one after the other. Any difference is a
conflict: the editor is shown what changed and by whom, and decides; nothing is
overwritten without that.

Comparing the record itself (rather than a counter bumped on save) catches every
writer, including imports and bulk changes that do not go through the admin.
"""

from dataclasses import dataclass

from django.core import signing
from django.db import models
from django.utils import timezone

from . import history

SALT = "policytracker.conflicts"


@dataclass
class Conflict:
    who: str
    when: object
    differences: list  # of history.Difference: ``after`` is theirs
    # A token for the record as it is now: a form re-shown with it saves over the
    # changes listed, once the editor has seen them; any later change conflicts again.
    token: str = ""


def token_for(instance, watched):
    return signing.dumps(history.snapshot(instance, watched), salt=SALT, compress=True)


def read_token(token):
    """The snapshot a token holds; ``None`` if it was altered or is not a token."""
    try:
        return signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None


def conflict_for(instance, watched, token):
    """What changed in the stored record since the form holding ``token`` was
    opened, as a ``Conflict``; ``None`` when nothing did. Locks the record's row
    until the caller's transaction ends, so a save cannot slip in between this check
    and the caller's own save."""
    opened = read_token(token)
    model = type(instance)
    stored = model._default_manager.select_for_update().filter(pk=instance.pk).first()
    if stored is None:
        gone = history.Difference(label="The whole record", after="deleted", before="")
        return Conflict(who="Someone", when=None, differences=[gone])
    now = history.snapshot(stored, watched)
    if opened == now:
        return None
    differences = list(history.differences(model, watched, opened or {}, now))
    who, when = last_change(stored)
    token = signing.dumps(now, salt=SALT, compress=True)
    return Conflict(who=who, when=when, differences=differences, token=token)


def last_change(instance):
    """Who saved the record last and when: its latest version (every admin save,
    status change and import keeps one), else its own ``updated_by``/``updated_at``."""
    version = history.versions_of(instance).first()
    if version is not None and version.revision.user is not None:
        return display_name(version.revision.user), version.revision.date_created
    user = getattr(instance, "updated_by", None)
    when = getattr(instance, "updated_at", None) or timezone.now()
    return (display_name(user) if user else "someone"), when


def display_name(user):
    full = user.get_full_name()
    return f"{full} ({user.get_username()})" if full else user.get_username()


def model_fields(model, names):
    """Of a form's field names, those that are fields of the model."""
    own = {f.name for f in model._meta.get_fields() if isinstance(f, models.Field)}
    return tuple(name for name in names if name in own)
