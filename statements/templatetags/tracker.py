"""Small template helpers of the public site. None of them touches the database.

The stance badge and a position's line are drawn here rather than by included
templates: they repeat on every card of every list, and an include costs more than
the markup it makes."""

from django import template
from django.urls import reverse
from django.utils.html import format_html

from statements.site_url import absolute_url, with_query

register = template.Library()


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


@register.simple_tag
def stance_badge(value, label):
    """A stance with its colour swatch (the colour comes from the stylesheet)."""
    return format_html(
        '<span class="stance stance-{}"><span class="swatch" aria-hidden="true">'
        "</span>{}</span>",
        value,
        label,
    )


@register.simple_tag
def position_line(position):
    """"[Opposes participation] on EO 13768 [Opposes mandates]"."""
    if position.order_id:
        order = position.order
        about = format_html(
            '<a href="{}">{}</a>',
            reverse("statements:order-detail", kwargs={"slug": order.slug}),
            order.label,
        )
    else:
        about = position.get_topic_display()
    mandate = (
        format_html('<span class="mandate">{}</span>', position.get_mandate_view_display())
        if position.addresses_mandates
        else ""
    )
    return format_html(
        '{} <span class="about">on {}</span>{}',
        stance_badge(position.stance, position.get_stance_display()),
        about,
        mandate,
    )
