"""What changed on ICE's list of participating agencies since the list before."""

import datetime

from django.http import Http404
from django.shortcuts import render
from django.views import View

from .. import page_cache
from ..list_changes import compared_lists, list_changes, list_of


class ListChangesView(View):
    template_name = "statements/list_changes.html"

    def get(self, request, listed_on=None):
        day = None
        if listed_on is not None:
            try:
                day = datetime.date.fromisoformat(listed_on)
            except ValueError:
                raise Http404(
                    "Give the list's date as YYYY-MM-DD, e.g. /agreements/changes/"
                    "2025-07-18/."
                ) from None
        snapshot = list_of(day)
        if snapshot is None and day is not None:
            raise Http404("We imported no ICE list of that date.")
        context = {"changes": None, "dates": []}
        if snapshot is not None:
            context = page_cache.figure(
                f"list-changes:{snapshot.pk}",
                lambda: {
                    "changes": list_changes(snapshot),
                    "dates": sorted(
                        set(compared_lists().values_list("listed_on", flat=True)),
                        reverse=True,
                    ),
                },
                request,
            )
        return render(request, self.template_name, context)
