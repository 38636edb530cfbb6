"""The tracker's vocabulary: one source of truth for the admin, filters, API, exports
and the public codebook. Values are stored in the database and in exported files, so
they never change once published; labels and descriptions may be reworded."""

from django.db import models
from django.db.models import Q


class DescribedChoices(models.TextChoices):
    """TextChoices whose members also carry a sentence for the public codebook."""

    @classmethod
    def described(cls):
        descriptions = getattr(cls, "DESCRIPTIONS", {})
        return [
            (member.value, member.label, descriptions.get(member.value, ""))
            for member in cls
        ]


class Stance(DescribedChoices):
    SUPPORTS = "supports", "Supports participation"
    SUPPORTS_WITH_CONDITIONS = "supports_with_conditions", "Supports, with conditions"
    LOCAL_DISCRETION = "local_discretion", "Local decision"
    OPPOSES = "opposes", "Opposes participation"
    INFORMATIONAL = "informational", "No position"
    MIXED = "mixed", "Mixed"
    UNCLEAR = "unclear", "Unclear"


Stance.DESCRIPTIONS = {
    "supports": "Favours agencies taking part, such as joining 287(g) or honouring detainers.",
    "supports_with_conditions": (
        "Favours taking part if conditions hold, such as funding, training or liability cover."
    ),
    "local_discretion": (
        "Participation must stay a voluntary choice of each agency and its community."
    ),
    "opposes": "Opposes local involvement in federal immigration enforcement.",
    "informational": "Describes or explains an order without taking a side.",
    "mixed": "Supports some provisions and opposes others in the same statement.",
    "unclear": "Cannot be coded from the text; an editor needs to look again.",
}

# What each stance means for participation, in one place: the words-and-deeds rule
# (stances.py), the charts and the pages read these groups, never the values.
Stance.FOR_PARTICIPATION = (Stance.SUPPORTS, Stance.SUPPORTS_WITH_CONDITIONS)
Stance.AGAINST_PARTICIPATION = (Stance.OPPOSES,)
# Taking no side: a statement that only describes, or one an editor cannot code.
Stance.NO_SIDE = (Stance.INFORMATIONAL, Stance.UNCLEAR)
# Chart and legend order: from most for taking part to most against, then those that
# take no side. "Local decision" is not against taking part (an agency that calls it
# a local choice and then signs an agreement is consistent), so it sits before
# "opposes", after "mixed".
Stance.CHART_ORDER = (
    Stance.SUPPORTS,
    Stance.SUPPORTS_WITH_CONDITIONS,
    Stance.MIXED,
    Stance.LOCAL_DISCRETION,
    Stance.OPPOSES,
    Stance.INFORMATIONAL,
    Stance.UNCLEAR,
)


class MandateView(DescribedChoices):
    SUPPORTS_MANDATES = "supports_mandates", "Supports mandates"
    OPPOSES_MANDATES = "opposes_mandates", "Opposes mandates"
    NOT_ADDRESSED = "not_addressed", "Not addressed"


MandateView.DESCRIPTIONS = {
    "supports_mandates": "Agencies should be required (by state law or order) to take part.",
    "opposes_mandates": "No agency should be required to take part.",
    "not_addressed": "The statement does not say whether taking part should be required.",
}


class Topic(DescribedChoices):
    AGREEMENTS_287G = "287g_agreements", "287(g) agreements"
    MANDATES = "mandates", "State mandates to cooperate"
    SANCTUARY_FUNDING = "sanctuary_funding", "Sanctuary funding penalties"
    DETAINERS = "detainers", "Detainers"
    INFORMATION_SHARING = "information_sharing", "Information sharing"
    TRAVEL_ENTRY = "travel_entry", "Travel and entry"
    OTHER = "other", "Other"


Topic.DESCRIPTIONS = {
    "287g_agreements": "Agreements under section 287(g) between ICE and a state or local agency.",
    "mandates": "State laws or orders that require agencies to cooperate with ICE.",
    "sanctuary_funding": "Grant penalties on jurisdictions that limit cooperation.",
    "detainers": "ICE requests to hold a person in custody past their release.",
    "information_sharing": "Sharing of records, release dates or status with ICE.",
    "travel_entry": "Entry bans, visas and refugee admissions.",
    "other": "Any other aspect of immigration enforcement.",
}

# Topics that are about taking part in federal immigration enforcement: only
# positions on these make up an agency's stance on participation.
Topic.PARTICIPATION = (Topic.AGREEMENTS_287G, Topic.MANDATES)


class AgencyKind(DescribedChoices):
    SHERIFF = "sheriff", "Sheriff's office"
    MUNICIPAL_POLICE = "municipal_police", "Municipal police"
    COUNTY_POLICE = "county_police", "County police"
    STATE_POLICE = "state_police", "State police"
    STATE_AGENCY = "state_agency", "State agency"
    TRIBAL_POLICE = "tribal_police", "Tribal police"
    CAMPUS_POLICE = "campus_police", "Campus police"
    PROSECUTOR = "prosecutor", "Prosecutor"
    FEDERAL_AGENCY = "federal_agency", "Federal agency"
    ASSOCIATION_CHIEFS = "association_chiefs", "Chiefs' association"
    ASSOCIATION_SHERIFFS = "association_sheriffs", "Sheriffs' association"
    UNION = "union", "Police union"
    COALITION = "coalition", "Coalition"
    GOVERNMENT = "government", "Government"
    OTHER = "other", "Other"


AgencyKind.DESCRIPTIONS = {
    "sheriff": "A county sheriff's office, which often runs the county jail.",
    "municipal_police": "A city or town police department.",
    "county_police": "A county police department (not a sheriff's office).",
    "state_police": "A state police or highway patrol.",
    "state_agency": "Another state agency, such as a department of corrections.",
    "tribal_police": "A tribal police department.",
    "campus_police": "A university or college police department.",
    "prosecutor": "A district attorney, state attorney or attorney general.",
    "federal_agency": "A federal agency, such as ICE or DOJ.",
    "association_chiefs": "An association of police chiefs (IACP, Major Cities Chiefs, state).",
    "association_sheriffs": "An association of sheriffs (NSA, Major County Sheriffs, state).",
    "union": "A police union, such as the Fraternal Order of Police.",
    "coalition": "A coalition of several agencies or groups.",
    "government": "Governors, mayors, councils and their associations.",
    "other": "Any other body.",
}

# Kinds of agency that ICE signs 287(g) agreements with (not associations, unions,
# prosecutors or governments): only these can "support taking part, yet hold none".
AgencyKind.CAN_HOLD_AGREEMENTS = (
    AgencyKind.SHERIFF,
    AgencyKind.MUNICIPAL_POLICE,
    AgencyKind.COUNTY_POLICE,
    AgencyKind.STATE_POLICE,
    AgencyKind.STATE_AGENCY,
    AgencyKind.TRIBAL_POLICE,
    AgencyKind.CAMPUS_POLICE,
)


class JurisdictionLevel(DescribedChoices):
    NATIONAL = "national", "National"
    STATE = "state", "State"
    COUNTY = "county", "County"
    MUNICIPAL = "municipal", "Municipal"
    REGIONAL = "regional", "Regional"
    OTHER = "other", "Other"


JurisdictionLevel.DESCRIPTIONS = {
    "national": "Speaks for members across the country, such as a national association.",
    "state": "Serves a whole state, such as a state police or a state association.",
    "county": "Serves one county, such as a sheriff's office.",
    "municipal": "Serves one city or town.",
    "regional": "Serves several counties or cities together.",
    "other": "Any other reach, or not yet known.",
}


class OrderKind(DescribedChoices):
    EXECUTIVE_ORDER = "executive_order", "Executive order"
    PROCLAMATION = "proclamation", "Proclamation"
    PRESIDENTIAL_MEMORANDUM = "presidential_memorandum", "Presidential memorandum"
    AGENCY_DIRECTIVE = "agency_directive", "Agency directive"
    STATE_LAW = "state_law", "State law"
    STATE_EXECUTIVE_ORDER = "state_executive_order", "State executive order"
    LOCAL_POLICY = "local_policy", "Local policy"


OrderKind.DESCRIPTIONS = {
    "executive_order": "A numbered order of the President, published in the Federal Register.",
    "proclamation": "A numbered presidential proclamation, such as an entry ban.",
    "presidential_memorandum": "A memorandum from the President to departments or agencies.",
    "agency_directive": "A memorandum or directive of DHS, ICE or the Department of Justice.",
    "state_law": "A bill passed by a state legislature (enacted, or vetoed where we say so).",
    "state_executive_order": "An executive order of a state governor.",
    "local_policy": "A policy of a county, city or agency.",
}


class OrderStatus(DescribedChoices):
    IN_EFFECT = "in_effect", "In effect"
    PARTIALLY_ENJOINED = "partially_enjoined", "Partially enjoined"
    ENJOINED = "enjoined", "Enjoined"
    SUPERSEDED = "superseded", "Superseded"
    REVOKED = "revoked", "Revoked"
    EXPIRED = "expired", "Expired"
    VETOED = "vetoed", "Vetoed"


OrderStatus.DESCRIPTIONS = {
    "in_effect": "In force as far as our sources say.",
    "partially_enjoined": "A court has blocked part of it; the rest is in force.",
    "enjoined": "A court has blocked it as a whole.",
    "superseded": "Replaced by a later order, named on its page.",
    "revoked": "Cancelled by a later order, named on its page.",
    "expired": "Ended on a date it set itself.",
    "vetoed": "Passed by a legislature but vetoed by the governor; never in force.",
}


class StatementKind(DescribedChoices):
    PRESS_RELEASE = "press_release", "Press release"
    OFFICIAL_STATEMENT = "official_statement", "Official statement"
    LETTER = "letter", "Letter"
    TESTIMONY = "testimony", "Testimony"
    PRESS_QUOTE = "press_quote", "Quote in the press"
    INTERVIEW = "interview", "Interview"
    OP_ED = "op_ed", "Opinion article"
    SOCIAL_MEDIA = "social_media", "Social media post"
    RESOLUTION = "resolution", "Resolution"
    REPORT = "report", "Report or position paper"
    OTHER = "other", "Other"


StatementKind.DESCRIPTIONS = {
    "press_release": "A statement the agency sent to the press.",
    "official_statement": "A statement the agency posted as its own, not sent as a press release.",
    "letter": "A letter, for instance to Congress, a governor or members.",
    "testimony": "Testimony before a legislature or a committee.",
    "press_quote": "Words of the agency or its leader quoted in a news story.",
    "interview": "An interview given to a news outlet.",
    "op_ed": "An opinion article signed by the agency or its leader.",
    "social_media": "A post on the agency's own social media account.",
    "resolution": "A resolution adopted by an association or a governing body.",
    "report": "A report or position paper.",
    "other": "Any other public form.",
}


class DatePrecision(DescribedChoices):
    DAY = "day", "Day"
    MONTH = "month", "Month"
    YEAR = "year", "Year"


DatePrecision.DESCRIPTIONS = {
    "day": "The exact day is known.",
    "month": "Only the month is known; the date is stored as the first of the month.",
    "year": "Only the year is known; the date is stored as the first of January.",
}


class EditorialStatus(DescribedChoices):
    DRAFT = "draft", "Draft"
    IN_REVIEW = "in_review", "In review"
    PUBLISHED = "published", "Published"
    WITHDRAWN = "withdrawn", "Withdrawn"
    SENT_BACK = "sent_back", "Sent back"


EditorialStatus.DESCRIPTIONS = {
    "draft": "Being written; only staff see it.",
    "in_review": "Submitted for an editor to check and publish; only staff see it.",
    "published": "Public from its publication time on.",
    "withdrawn": "Taken down by an editor; no longer public.",
    "sent_back": (
        "Returned by an editor to its author with a note on what to change; only "
        "staff see it."
    ),
}


class AgreementModel(DescribedChoices):
    JAIL_ENFORCEMENT = "jail_enforcement", "Jail Enforcement Model"
    TASK_FORCE = "task_force", "Task Force Model"
    WARRANT_SERVICE_OFFICER = "warrant_service_officer", "Warrant Service Officer"


AgreementModel.DESCRIPTIONS = {
    "jail_enforcement": "Officers identify and process removable people held in a jail (JEM).",
    "task_force": "Officers enforce immigration law during routine police work (TFM).",
    "warrant_service_officer": (
        "Officers serve ICE administrative warrants on people already in custody (WSO)."
    ),
}


class WordsAndDeeds(DescribedChoices):
    """What an agency's stance on participation is beside the agreements it holds
    (the rule is ``stances.assess``). Empty when there is nothing to note."""

    OPPOSES_YET_HOLDS = (
        "words_against_deeds",
        "Opposes taking part, yet holds an agreement",
    )
    SUPPORTS_HOLDS_NONE = (
        "support_without_agreement",
        "Supports taking part; no agreement on ICE's list",
    )


WordsAndDeeds.DESCRIPTIONS = {
    "words_against_deeds": (
        "Its latest statement that takes a side on participation opposes it, while "
        "ICE's current list shows it holding a 287(g) agreement."
    ),
    "support_without_agreement": (
        "Its latest statement that takes a side supports taking part, and ICE's "
        "current list shows no agreement for it. A fact, not a contradiction: it may "
        "have asked, or cooperate in other ways."
    ),
}


class AgreementStatus(DescribedChoices):
    LISTED = "listed", "On ICE's current list"
    NO_LONGER_LISTED = "no_longer_listed", "No longer listed"


AgreementStatus.DESCRIPTIONS = {
    "listed": "On the latest list of participating agencies ICE published that we imported.",
    "no_longer_listed": "On an earlier ICE list, but not on the latest one; kept, never deleted.",
}


class InquiryOutcome(DescribedChoices):
    """What the newsroom did to hear from an agency that has said nothing on record."""

    ASKED_NO_STATEMENT = "asked_no_statement", "Asked; no statement"
    SEARCHED_NONE_FOUND = "searched_none_found", "Searched; none found"


InquiryOutcome.DESCRIPTIONS = {
    "asked_no_statement": (
        "We asked the agency for its position on that date; it gave no statement."
    ),
    "searched_none_found": (
        "We searched its site, its social media and the press on that date and "
        "found no public statement."
    ),
}


class RequestStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    NO_LONGER_PENDING = "no_longer_pending", "No longer on the pending list"


class ListKind(models.TextChoices):
    PARTICIPATING = "participating", "Participating agencies"
    PENDING = "pending", "Pending requests"


# The public codebook (/about/#codebook): every vocabulary a reader meets on the site,
# in the filters and in the downloads, with the meaning of each value.
CODEBOOK = [
    ("stance", "Stance", Stance),
    ("mandate-view", "Mandate view", MandateView),
    ("topic", "Topic", Topic),
    ("words-and-deeds", "Words and deeds", WordsAndDeeds),
    ("agency-kind", "Kind of agency", AgencyKind),
    ("agreement-model", "287(g) model", AgreementModel),
    ("agreement-status", "Agreement on ICE's list", AgreementStatus),
    ("inquiry", "Asked or searched, no statement", InquiryOutcome),
    ("jurisdiction", "Jurisdiction level", JurisdictionLevel),
    ("statement-kind", "Kind of statement", StatementKind),
    ("date-precision", "Precision of a date", DatePrecision),
    ("order-kind", "Kind of order", OrderKind),
    ("order-status", "Status of an order", OrderStatus),
]


# Two-letter codes of the states, the District and the territories, with the names
# ICE prints (in capitals) in its lists.
US_STATES = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas",
    "CA": "California", "CO": "Colorado", "CT": "Connecticut", "DE": "Delaware",
    "DC": "District of Columbia", "FL": "Florida", "GA": "Georgia", "HI": "Hawaii",
    "ID": "Idaho", "IL": "Illinois", "IN": "Indiana", "IA": "Iowa", "KS": "Kansas",
    "KY": "Kentucky", "LA": "Louisiana", "ME": "Maine", "MD": "Maryland",
    "MA": "Massachusetts", "MI": "Michigan", "MN": "Minnesota", "MS": "Mississippi",
    "MO": "Missouri", "MT": "Montana", "NE": "Nebraska", "NV": "Nevada",
    "NH": "New Hampshire", "NJ": "New Jersey", "NM": "New Mexico", "NY": "New York",
    "NC": "North Carolina", "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma",
    "OR": "Oregon", "PA": "Pennsylvania", "RI": "Rhode Island", "SC": "South Carolina",
    "SD": "South Dakota", "TN": "Tennessee", "TX": "Texas", "UT": "Utah",
    "VT": "Vermont", "VA": "Virginia", "WA": "Washington", "WV": "West Virginia",
    "WI": "Wisconsin", "WY": "Wyoming", "PR": "Puerto Rico", "GU": "Guam",
    "VI": "U.S. Virgin Islands", "AS": "American Samoa", "MP": "Northern Mariana Islands",
}  # fmt: skip

STATE_CHOICES = sorted(US_STATES.items(), key=lambda item: item[1])
# Codes by themselves and by name, in lower case: "fl", "florida" -> "FL".
_STATE_CODES = {name.lower(): code for code, name in US_STATES.items()} | {
    code.lower(): code for code in US_STATES
}


def state_code(text):
    """The two-letter code of a state given as a code or a name in any case (ICE
    prints FLORIDA), or None if it is not one."""
    return _STATE_CODES.get(" ".join((text or "").split()).lower())


def in_choices(field, choices, allow_blank=False):
    """A CheckConstraint condition: the field holds one of the vocabulary's values."""
    values = list(choices.values) if hasattr(choices, "values") else list(choices)
    if allow_blank:
        values.append("")
    return Q(**{f"{field}__in": values})
