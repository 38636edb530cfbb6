"""Checking a statement against its source: who did it and when, and when
publishing without such a check needs an editor's explicit confirmation."""

from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from .choices import EditorialStatus


def mark_checked(statement, user):
    """Record that ``user`` checked the statement against its source now (saved
    with the statement)."""
    statement.verified_by = user
    statement.verified_at = timezone.now()


def publishing_unchecked(statement, new_status, checking_now):
    """Would this save publish a statement nobody has checked against its source?"""
    return (
        new_status == EditorialStatus.PUBLISHED
        and statement.status != EditorialStatus.PUBLISHED
        and statement.verified_at is None
        and not checking_now
    )


def unchecked(statements):
    """Of ``statements``, those publishing would put out unchecked."""
    return statements.exclude(status=EditorialStatus.PUBLISHED).filter(
        verified_at__isnull=True
    )


UNCHECKED_MESSAGE = (
    "Nobody has checked this statement against its source yet. Open the source, "
    "compare, and tick “I checked this against the source”; or, to publish it "
    "unchecked all the same, tick “Publish without a check”."
)


def same_agency_and_date(statement, agency, issued_on):
    """Other statements by the same agency on the same day: likely duplicates."""
    from .models import Statement

    if agency is None or issued_on is None:
        return Statement.objects.none()
    others = Statement.objects.filter(agency=agency, issued_on=issued_on)
    if statement.pk:
        others = others.exclude(pk=statement.pk)
    return others.order_by("pk")


def duplicate_message(others):
    links = format_html_join(
        ", ",
        '<a href="{}" target="_blank">{}</a> ({})',
        (
            (
                reverse("admin:statements_statement_change", args=[other.pk]),
                other.headline,
                other.get_status_display().lower(),
            )
            for other in others[:5]
        ),
    )
    return format_html(
        "This agency already has a statement on this date: {}. If this is the same "
        "statement, edit that one instead; if it is another, tick “Save it as a "
        "separate statement” and save again.",
        links,
    )
