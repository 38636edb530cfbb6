"""What an editor's browser posts to the admin, for tests that go through it."""

from django.urls import reverse


def statement_change(client, statement, **changes):
    """The change form of a statement with one position, as an editor's browser
    posts it: ``(url, data)``, with ``changes`` applied (``positions-0-stance``...)."""
    url = reverse("admin:statements_statement_change", args=[statement.pk])
    form = client.get(url).context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and name not in ("co_issuers", "published_at")
    }
    position = statement.positions.get()
    data |= {
        "issued_on": statement.issued_on.isoformat(),
        "published_at_0": "",
        "published_at_1": "",
        "positions-TOTAL_FORMS": "1",
        "positions-INITIAL_FORMS": "1",
        "positions-MIN_NUM_FORMS": "1",
        "positions-MAX_NUM_FORMS": "1000",
        "positions-0-id": position.pk,
        "positions-0-statement": statement.pk,
        "positions-0-order": position.order_id,
        "positions-0-topic": position.topic,
        "positions-0-stance": position.stance,
        "positions-0-mandate_view": position.mandate_view,
    }
    data |= changes
    return url, data


def sign_in(client, username, password):
    """Posts the admin's sign-in form, as a browser does (and as the sign-in throttle
    sees it); the response."""
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": "/admin/"},
    )


def is_signed_in(client):
    return client.get(reverse("admin:index")).status_code == 200


def as_posted(response):
    """What a browser would post back from an admin change form (or a reversion
    revert form) as rendered in ``response``: every field's initial value, the
    inline formsets with their management forms. Multi-value widgets (dates and
    times) are split as the admin's widgets split them."""
    data = {}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
        forms.extend(formset.forms)
    for form in forms:
        for name, field in form.fields.items():
            value = form[name].value()
            key = form.add_prefix(name)
            if value is None:
                continue
            widget_names = getattr(field.widget, "widgets_names", None)
            if widget_names:
                parts = field.widget.decompress(value)
                for suffix, part in zip(widget_names, parts, strict=True):
                    data[key + suffix] = "" if part is None else part
            elif isinstance(value, (list, tuple)):
                data[key] = [str(v) for v in value]
            else:
                data[key] = value
    return data
