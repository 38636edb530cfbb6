"""Small template helpers of the public site. None of them touches the database.

The stance badge and a position's line are drawn here rather than by included
templates: they repeat on every card of every list, and an include costs more than
the markup it makes."""

import html

from django import forms, template
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.utils.timezone import localtime

from statements import roles
from statements.choices import EditorialStatus, MandateView, Stance, Topic
from statements.site_url import absolute_url, with_query

register = template.Library()


@register.filter
def is_staff_member(user):
    """Signed-in, active staff (``roles.sees_unpublished``): their pages are never
    cached, so staff-only links in the shared header reach no reader."""
    return roles.sees_unpublished(user)


@register.filter
def absolute(path):
    """The address of ``path`` on the public site, for canonical links and citations."""
    return absolute_url(path)


@register.simple_tag(takes_context=True)
def canonical_url(context, query=""):
    """The page's one public address. Works without a request (the 500 page)."""
    request = context.get("request")
    if request is None:
        return absolute_url("/")
    return absolute_url(with_query(request.path, query))


# The markup below is built with escape() and f-strings, then marked safe once:
# format_html on every piece was a fifth of a list page. Every value from the
# database goes through escape().


def escape(value):
    """The same escaping as ``django.utils.html.escape`` (``html.escape`` of the
    value as text), as plain text: Django's wraps every call in a check for lazy
    arguments and a SafeString, which was a tenth of a list page at a thousand
    calls a page. The markup is marked safe once, when it is whole."""
    return html.escape(str(value))


@register.simple_tag
def stance_badge(value, label):
    """A stance with its colour swatch (the colour comes from the stylesheet)."""
    return mark_safe(_stance_badge(value, label))


def _stance_badge(value, label):
    return (
        f'<span class="stance stance-{escape(value)}"><span class="swatch" '
        f'aria-hidden="true"></span>{escape(label)}</span>'
    )


@register.simple_tag
def position_line(position):
    """ "[Opposes participation] on EO 13768 [Opposes mandates]"."""
    return mark_safe(_position_line(position))


# Labels by value, looked up directly: get_FOO_display() flattens the field's
# choices on every call, and a list page makes a few hundred of them.
STANCE_LABELS = dict(Stance.choices)
MANDATE_VIEW_LABELS = dict(MandateView.choices)
TOPIC_LABELS = dict(Topic.choices)


def _position_line(position):
    if position.order_id:
        order = position.order
        about = (
            f'<a href="{escape(order.get_absolute_url())}">{escape(order.label)}</a>'
        )
    else:
        about = escape(_about(position))
    mandate = (
        '<span class="mandate">'
        f"{escape(MANDATE_VIEW_LABELS.get(position.mandate_view, position.mandate_view))}"
        "</span>"
        if position.addresses_mandates
        else ""
    )
    badge = _stance_badge(
        position.stance, STANCE_LABELS.get(position.stance, position.stance)
    )
    return f'{badge} <span class="about">on {about}</span>{mandate}'


def _agency_link(agency):
    return f'<a href="{escape(agency.get_absolute_url())}">{escape(agency.name)}</a>'


@register.simple_tag
def statement_card(statement, level=2, show_status=False):
    """A statement in a list: date, agencies, headline, positions (and, for staff,
    why it is not public). Drawn here, not by an included template, because a list
    shows fifty of them and the template engine took most of the page's time."""
    co_issuers = statement.co_issuer_list
    names = _agency_link(statement.agency)
    for index, agency in enumerate(co_issuers):
        joiner = (
            " with "
            if index == 0
            else " and "
            if index == len(co_issuers) - 1
            else ", "
        )
        names += joiner + _agency_link(agency)
    if statement.agency.state:
        names += f' <span class="state">({escape(statement.agency.state)})</span>'
    public = statement.is_public
    status = ""
    if show_status and not public:
        if statement.status == EditorialStatus.PUBLISHED:
            when = date_format(localtime(statement.published_at), "N j, Y, H:i")
            what = f"Scheduled: public from {escape(when)}"
        else:
            what = f"{escape(statement.get_status_display())}: not public"
        if statement.created_by_id and statement.created_by:
            what += f" · created by {escape(statement.created_by.get_username())}"
        status = f'<p class="badge badge-{escape(statement.status)}">{what}</p>'
    positions = "".join(
        f"<li>{_position_line(position)}</li>" for position in statement.position_list
    )
    level = int(level)
    return mark_safe(
        f'<article class="card{"" if public else " card-unpublished"}">'
        f'<p class="meta"><time datetime="{statement.issued_on.isoformat()}">'
        f"{escape(statement.issued_on_display)}</time> · {names}</p>"
        f'<h{level} class="card-title"><a href="{escape(statement.get_absolute_url())}">'
        f"{escape(statement.headline)}</a></h{level}>{status}"
        f'<ul class="positions" aria-label="Positions">{positions}</ul></article>'
    )


@register.simple_tag
def timeline_entry(entry, agency):
    """A statement on its agency's stance timeline (``selectors.stance_timeline``):
    date, the issuer when another agency issued it, headline, the stances it
    changed and its positions. Drawn here for the same reason as the cards: an
    agency's page shows fifty of them."""
    statement = entry["statement"]
    issuer = ""
    if statement.agency_id != agency.pk:
        issuer = f" · issued by {_agency_link(statement.agency)}"
    changes = "".join(
        '<p class="change"><strong>Stance changed</strong> on '
        f"{escape(_about(position))}: from "
        f"{escape(STANCE_LABELS.get(previous.stance, previous.stance))} to "
        f"{escape(STANCE_LABELS.get(position.stance, position.stance))}.</p>"
        for previous, position in entry["changes"]
    )
    positions = "".join(
        f"<li>{_position_line(position)}</li>" for position in statement.position_list
    )
    return mark_safe(
        f'<li class="timeline-entry{" has-change" if entry["changes"] else ""}">'
        f'<p class="meta"><time datetime="{statement.issued_on.isoformat()}">'
        f"{escape(statement.issued_on_display)}</time>{issuer}</p>"
        f'<h3><a href="{escape(statement.get_absolute_url())}">'
        f"{escape(statement.headline)}</a></h3>{changes}"
        f'<ul class="positions" aria-label="Positions">{positions}</ul></li>'
    )


def _about(position):
    """What a position is about, as text: its order's label, or else its topic."""
    if position.order_id:
        return position.order.label
    return TOPIC_LABELS.get(position.topic, position.topic)


# Widgets whose template is Django's input.html and nothing more.
PLAIN_INPUT_TEMPLATES = {
    f"django/forms/widgets/{kind}.html"
    for kind in ("input", "text", "date", "number", "email", "url", "search")
}


def _input(field, attrs=None):
    """``field.as_widget(attrs=attrs)`` for a plain input, written here as Django's
    input template writes it (the filter forms' search and date fields: their
    templates were a tenth of an empty list page). Other widgets are rendered by
    Django."""
    widget = field.field.widget
    if (
        not isinstance(widget, forms.widgets.Input)
        or widget.template_name not in PLAIN_INPUT_TEMPLATES
        or field.field.localize
    ):
        return field.as_widget(attrs=attrs)
    attrs = field.build_widget_attrs(attrs or {}, widget)
    if field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", field.auto_id)
    context = widget.get_context(field.html_name, field.value(), attrs)["widget"]
    value = context["value"]
    shown = "" if value is None else f' value="{escape(value)}"'
    written = "".join(
        f" {escape(name)}" if value is True else f' {escape(name)}="{escape(value)}"'
        for name, value in context["attrs"].items()
        if value is not False
    )
    return (
        f'<input type="{escape(context["type"])}" name="{escape(context["name"])}"'
        f"{shown}{written}>"
    )


def _error_markup(field):
    if not field.errors:
        return ""
    messages = escape(" ".join(str(error) for error in field.errors))
    return f'<p class="field-error" id="{escape(field.auto_id)}_error">{messages}</p>'


@register.simple_tag
def filter_field(field):
    """A filter of a list: checkboxes in a fieldset, or a labelled select or input.
    Options are drawn here: Django renders each option of a widget from a template
    of its own, which made the empty filter form cost more than fifty statements."""
    widget = field.field.widget
    value = field.value()
    chosen = (
        {str(v) for v in value} if isinstance(value, list | tuple) else {str(value)}
    )
    errors = _error_markup(field)
    field_id, name = escape(field.auto_id), escape(field.html_name)
    described = f' aria-describedby="{field_id}_error"' if errors else ""
    error_class = " has-error" if errors else ""
    if isinstance(widget, forms.CheckboxSelectMultiple):
        options = "".join(
            f'<label class="choice" for="{field_id}_{index}"><input type="checkbox" '
            f'name="{name}" value="{escape(choice)}" id="{field_id}_{index}"'
            f"{' checked' if str(choice) in chosen else ''}> {escape(label)}</label>"
            for index, (choice, label) in enumerate(field.field.choices)
        )
        return mark_safe(
            f'<fieldset class="field field-choices{error_class}"{described}>'
            f"<legend>{escape(field.label)}</legend>{options}{errors}</fieldset>"
        )
    if isinstance(widget, forms.Select):
        options = "".join(
            f'<option value="{escape(choice)}"'
            f"{' selected' if str(choice) in chosen else ''}>{escape(label)}</option>"
            for choice, label in field.field.choices
        )
        multiple = " multiple" if widget.allow_multiple_selected else ""
        control = (
            f'<select name="{name}" id="{field_id}"{multiple}{described}>'
            f"{options}</select>"
        )
    else:
        attrs = {"aria-describedby": f"{field.auto_id}_error"} if errors else None
        control = _input(field, attrs)
    return mark_safe(
        f'<div class="field{error_class}"><label for="{escape(field.id_for_label)}">'
        f"{escape(field.label)}</label>{control}{errors}</div>"
    )
