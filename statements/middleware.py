"""A statement scheduled for a later time becomes public when that time comes,
without anyone saving anything. Before a request is served, what is derived from
public statements (each agency's stored stance) catches up: ``stances.refresh_due``,
which usually costs no query at all."""

import logging

from django.db import DatabaseError

from . import stances

logger = logging.getLogger(__name__)


class ScheduledPublicationMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in ("GET", "HEAD"):
            try:
                stances.refresh_due()
            except DatabaseError:
                # The page itself says what is wrong (and /healthz answers 503);
                # catching up can wait for the database to come back.
                logger.warning(
                    "Could not catch up on scheduled statements.", exc_info=True
                )
        return self.get_response(request)
