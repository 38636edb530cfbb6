"""Finding the agency a row names, for every import: ICE's lists and statement files
match agencies the same way, by normalised name and state (Harris County, Texas and
Harris County, Georgia are two agencies), over each agency's name, its short name and
the aliases editors kept when merging duplicates. Agencies a row needs and that do
not exist yet are created here, with a unique slug."""

from django.utils.text import slugify

from ..models import Agency, AgencyAlias
from ..normalize import normalize_agency_name


def agency_key(name, state):
    """What two names must share to be one agency: the normalised name and state."""
    return normalize_agency_name(name), state or ""


def unique_slug(base, taken, fallback="item", max_length=240):
    """``base`` made unique among ``taken`` (``base-2``, ``base-3``…), and added to it."""
    base = slugify(base)[:max_length].strip("-") or fallback
    slug, counter = base, 2
    while slug in taken:
        slug, counter = f"{base}-{counter}", counter + 1
    taken.add(slug)
    return slug


class AgencyMatcher:
    """Agencies by (normalised name, state), loaded once per import; the first
    agency (by id) wins a name two agencies share."""

    def __init__(self):
        self.by_key = {}
        for agency in Agency.objects.order_by("pk"):
            for name in (agency.name, agency.short_name):
                if name:
                    self.by_key.setdefault(agency_key(name, agency.state), agency)
        for alias in AgencyAlias.objects.select_related("agency").order_by("pk"):
            self.by_key.setdefault((alias.normalized_name, alias.state), alias.agency)
        self.slugs = set(Agency.objects.values_list("slug", flat=True))
        self.created = []

    def find(self, name, state):
        return self.by_key.get(agency_key(name, state))

    def create(self, name, state, **fields):
        """A new agency named ``name`` in ``state``, saved and findable by later rows."""
        agency = self.add(name, state, **fields)
        agency.save()
        return agency

    def add(self, name, state, **fields):
        """A new agency, findable by later rows but saved only by ``save_added``: an
        ICE list names hundreds of new agencies, and one INSERT for all of them is
        what keeps its import near the time it takes to read the file."""
        agency = Agency(
            name=name,
            state=state,
            slug=unique_slug(f"{name} {state}", self.slugs, fallback="agency"),
            **fields,
        )
        self.by_key[agency_key(name, state)] = agency
        self.created.append(agency)
        return agency

    def save_added(self):
        unsaved = [agency for agency in self.created if agency.pk is None]
        Agency.objects.bulk_create(unsaved, batch_size=500)
