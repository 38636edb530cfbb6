"""A record's state at a point in its history, and what differs between two states.

A state holds what an editor edits, as plain strings: the record's fields and, for a
statement, its positions (``{"fields": {...}, "related": {"positions": {pk: {...}}}}``).
It is read from the record as stored now (``snapshot``) or from one of its saved
versions (``version_snapshot``; django-reversion keeps them, registered in
``models/versioned.py``). ``differences`` compares two states field by field; the
history's comparison and the conflict check of a stale form (``conflicts.py``) both
use it.
"""

import datetime
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import models
from reversion.models import Version

from .choices import EditorialStatus


@dataclass(frozen=True)
class Watched:
    """What a state holds: the record's fields, and for each set of related records
    kept with it its accessor on the record (``positions``) and their fields."""

    fields: tuple
    related: dict = field(default_factory=dict)


@dataclass
class Difference:
    label: str
    after: str
    before: str


def editable_fields(model, leave_out=()):
    return tuple(
        f.name
        for f in model._meta.get_fields()
        if isinstance(f, models.Field)
        and f.editable
        and not f.auto_created
        and not f.primary_key
        and f.name not in leave_out
    )


def tracked(model):
    """Everything an editor can change on a record of ``model``, with the related
    records its versions follow (a statement's positions, an agency's aliases)."""
    related = {}
    for accessor in related_followed(model):
        remote = getattr(model, accessor).rel
        related[accessor] = editable_fields(
            remote.related_model, leave_out=(remote.field.name,)
        )
    return Watched(fields=editable_fields(model), related=related)


def related_followed(model):
    from reversion.revisions import _get_options

    return tuple(_get_options(model).follow)


def snapshot(instance, watched):
    """The record as stored now."""
    state = {"fields": {}, "related": {}}
    for name in watched.fields:
        state["fields"][name] = raw_value(instance, name)
    for accessor, names in watched.related.items():
        state["related"][accessor] = {
            str(related.pk): {name: raw_value(related, name) for name in names}
            for related in getattr(instance, accessor).all()
        }
    return state


def version_snapshot(version, watched):
    """The record as one of its saved versions holds it, with the related records
    saved in the same revision."""
    model = version._model
    stored = version._object_version
    state = {"fields": {}, "related": {}}
    for name in watched.fields:
        model_field = model._meta.get_field(name)
        if model_field.many_to_many:
            pks = (stored.m2m_data or {}).get(name, [])
            state["fields"][name] = sorted(str(pk) for pk in pks)
        else:
            state["fields"][name] = raw_value(stored.object, name)
    for accessor, names in watched.related.items():
        remote = getattr(model, accessor).rel
        related_model = remote.related_model
        state["related"][accessor] = {}
        for related_version in version.revision.version_set.filter(
            content_type=ContentType.objects.get_for_model(related_model)
        ):
            related = related_version._object_version.object
            if str(getattr(related, remote.field.attname)) != str(version.object_id):
                continue
            state["related"][accessor][str(related.pk)] = {
                name: raw_value(related, name) for name in names
            }
    return state


def raw_value(instance, name):
    """One field of a record (not of a version: m2m values are read from the
    database) as a string."""
    model_field = instance._meta.get_field(name)
    if model_field.many_to_many:
        pks = getattr(instance, name).values_list("pk", flat=True)
        return sorted(str(pk) for pk in pks)
    value = getattr(instance, model_field.attname)
    if isinstance(value, datetime.datetime):
        # Versions are stored as JSON, which keeps milliseconds: compare as much.
        return value.replace(microsecond=value.microsecond // 1000 * 1000).isoformat()
    return model_field.value_to_string(instance)


def differences(model, watched, before, after):
    """Each field that differs between two states, as an editor reads it; related
    records are numbered in the order they were created."""
    before_fields = before.get("fields", {})
    for name in watched.fields:
        if before_fields.get(name) != after["fields"].get(name):
            yield Difference(
                label=label_of(model, name),
                after=shown_value(model, name, after["fields"].get(name)),
                before=shown_value(model, name, before_fields.get(name)),
            )
    for accessor, names in watched.related.items():
        old_set = before.get("related", {}).get(accessor, {})
        new_set = after.get("related", {}).get(accessor, {})
        related_model = getattr(model, accessor).rel.related_model
        noun = str(related_model._meta.verbose_name).capitalize()
        for number, pk in enumerate(sorted(set(old_set) | set(new_set), key=int), 1):
            old, new = old_set.get(pk), new_set.get(pk)
            if old == new:
                continue
            if old is None:
                yield Difference(
                    f"{noun} {number}",
                    "added: " + summary(related_model, names, new),
                    "not there",
                )
            elif new is None:
                yield Difference(
                    f"{noun} {number}", "deleted", summary(related_model, names, old)
                )
            else:
                for name in names:
                    if old.get(name) != new.get(name):
                        yield Difference(
                            f"{noun} {number}, {label_of(related_model, name, False)}",
                            shown_value(related_model, name, new.get(name)),
                            shown_value(related_model, name, old.get(name)),
                        )


def label_of(model, name, capital=True):
    label = str(model._meta.get_field(name).verbose_name)
    return label[:1].upper() + label[1:] if capital else label


def summary(model, names, values):
    return "; ".join(
        f"{label_of(model, name, False)}: {shown_value(model, name, values.get(name))}"
        for name in names
        if values.get(name)
    )


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


def versions_of(instance):
    """The record's saved versions, newest first, with who saved them."""
    return Version.objects.get_for_object(instance).select_related("revision__user")


def last_published_version(instance):
    """The newest version of a statement in which it was published: what readers
    saw (or see) of it."""
    for version in versions_of(instance):
        if version.field_dict.get("status") == EditorialStatus.PUBLISHED:
            return version
    return None
