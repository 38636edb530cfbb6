"""Saving over someone else's work: knowing that a record changed since its form was
opened, what changed, and who changed it.

A form carries a token: the record as it was when the form was opened (the fields
the form edits, and its inline records such as a statement's positions), signed so it
cannot be forged. On saving, ``conflict_for`` compares the token with the record as
it is now, read under a row lock so that two saves arriving together are taken one
after the other. Any difference is a conflict: the editor is shown what changed and
by whom, and decides; nothing is overwritten without that.

Comparing the record itself (rather than a counter bumped on save) catches every
writer, including imports and bulk changes that do not go through the admin.
"""

from dataclasses import dataclass, field

from django.core import signing
from django.db import models
from django.utils import timezone
from reversion.models import Version

SALT = "policytracker.conflicts"


@dataclass(frozen=True)
class Watched:
    """What a form edits: the record's fields, and for each inline its accessor on
    the record (``positions``) with the fields edited there."""

    fields: tuple
    related: dict = field(default_factory=dict)


@dataclass
class Difference:
    label: str
    theirs: str
    yours_when_opened: str


@dataclass
class Conflict:
    who: str
    when: object
    differences: list
    # A token for the record as it is now: a form re-shown with it saves over the
    # changes listed, once the editor has seen them; any later change conflicts again.
    token: str = ""


def snapshot(instance, watched):
    """The record's watched values as plain strings: ``{"fields": {...},
    "related": {accessor: {pk: {field: value}}}}``."""
    state = {"fields": {}, "related": {}}
    for name in watched.fields:
        state["fields"][name] = raw_value(instance, name)
    for accessor, names in watched.related.items():
        state["related"][accessor] = {
            str(related.pk): {name: raw_value(related, name) for name in names}
            for related in getattr(instance, accessor).all()
        }
    return state


def token_for(instance, watched):
    return signing.dumps(snapshot(instance, watched), salt=SALT, compress=True)


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
        return Conflict(who="someone", when=None, differences=[])
    now = snapshot(stored, watched)
    if opened == now:
        return None
    differences = list(describe_differences(stored, watched, opened or {}, now))
    who, when = last_change(stored)
    token = signing.dumps(now, salt=SALT, compress=True)
    return Conflict(who=who, when=when, differences=differences, token=token)


def describe_differences(stored, watched, opened, now):
    opened_fields = opened.get("fields", {})
    for name in watched.fields:
        if opened_fields.get(name) != now["fields"][name]:
            label = stored._meta.get_field(name).verbose_name
            yield Difference(
                label=str(label).capitalize(),
                theirs=shown_value(type(stored), name, now["fields"][name]),
                yours_when_opened=shown_value(
                    type(stored), name, opened_fields.get(name)
                ),
            )
    for accessor, names in watched.related.items():
        before = opened.get("related", {}).get(accessor, {})
        after = now["related"][accessor]
        related_model = getattr(type(stored), accessor).rel.related_model
        noun = str(related_model._meta.verbose_name)
        for number, pk in enumerate(sorted(set(before) | set(after), key=int), 1):
            old, new = before.get(pk), after.get(pk)
            if old == new:
                continue
            if old is None:
                yield Difference(
                    f"{noun.capitalize()} {number}",
                    "added: " + summary(related_model, names, new),
                    "not there",
                )
            elif new is None:
                yield Difference(
                    f"{noun.capitalize()} {number}",
                    "deleted",
                    summary(related_model, names, old),
                )
            else:
                for name in names:
                    if old.get(name) != new.get(name):
                        label = related_model._meta.get_field(name).verbose_name
                        yield Difference(
                            f"{noun.capitalize()} {number}, {label}",
                            shown_value(related_model, name, new.get(name)),
                            shown_value(related_model, name, old.get(name)),
                        )


def summary(model, names, values):
    return "; ".join(
        f"{model._meta.get_field(name).verbose_name}: "
        f"{shown_value(model, name, values.get(name))}"
        for name in names
        if values.get(name)
    )


def raw_value(instance, name):
    model_field = instance._meta.get_field(name)
    if model_field.many_to_many:
        return sorted(
            str(pk) for pk in getattr(instance, name).values_list("pk", flat=True)
        )
    return model_field.value_to_string(instance)


def shown_value(model, name, raw):
    """A stored value as an editor reads it: labels for choices, names for related
    records, "(empty)" for nothing."""
    if raw in (None, "", []):
        return "(empty)"
    model_field = model._meta.get_field(name)
    if model_field.many_to_many or model_field.many_to_one:
        related = model_field.related_model._default_manager.filter(
            pk__in=raw if isinstance(raw, list) else [raw]
        )
        return ", ".join(str(record) for record in related) or "(deleted)"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(raw, raw))
    return str(raw)


def last_change(instance):
    """Who saved the record last and when: its latest version (every admin save and
    import keeps one), else its own ``updated_by``/``updated_at``."""
    version = (
        Version.objects.get_for_object(instance)
        .select_related("revision__user")
        .first()
    )
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
