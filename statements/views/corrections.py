"""The public log of corrections, newest first, and its feed."""

from django.contrib.syndication.views import Feed
from django.shortcuts import render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from .. import corrections
from ..site_url import absolute_url
from .lists import paginate

PER_PAGE = 25
FEED_LENGTH = 50


def correction_list(request):
    page = paginate(
        request, corrections.published(), per_page=PER_PAGE, count_key="corrections"
    )
    context = {
        "page_obj": page,
        "corrections": page.object_list,
        "feed_url": reverse("statements:correction-feed"),
    }
    return render(request, "statements/correction_list.html", context)


class CorrectionFeed(Feed):
    """Every correction, newest first; each entry links to the corrected statement's
    corrections on its page."""

    feed_type = Atom1Feed
    title = "policytracker: corrections"
    subtitle = "Corrections to statements recorded by policytracker, newest first."

    def link(self):
        return absolute_url(reverse("statements:correction-list"))

    def feed_url(self):
        return absolute_url(reverse("statements:correction-feed"))

    def items(self):
        return corrections.published()[:FEED_LENGTH]

    def item_title(self, correction):
        return f"Correction: {correction.statement.headline}"

    def item_description(self, correction):
        return correction.text

    def item_link(self, correction):
        url = absolute_url(correction.statement.get_absolute_url())
        return f"{url}#correction-{correction.pk}"

    def item_guid(self, correction):
        return self.item_link(correction)

    def item_pubdate(self, correction):
        return correction.created_at

    def item_updateddate(self, correction):
        return correction.created_at

    def item_author_name(self, correction):
        return "policytracker"
