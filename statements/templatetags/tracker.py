"""Small template helpers of the public site. None of them touches the database."""

from django import template

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
