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


class JurisdictionLevel(models.TextChoices):
    NATIONAL = "national", "National"
    STATE = "state", "State"
    COUNTY = "county", "County"
    MUNICIPAL = "municipal", "Municipal"
    REGIONAL = "regional", "Regional"
    OTHER = "other", "Other"


class OrderKind(models.TextChoices):
    EXECUTIVE_ORDER = "executive_order", "Executive order"
    PROCLAMATION = "proclamation", "Proclamation"
    PRESIDENTIAL_MEMORANDUM = "presidential_memorandum", "Presidential memorandum"
    AGENCY_DIRECTIVE = "agency_directive", "Agency directive"
    STATE_LAW = "state_law", "State law"
    STATE_EXECUTIVE_ORDER = "state_executive_order", "State executive order"
    LOCAL_POLICY = "local_policy", "Local policy"


class OrderStatus(models.TextChoices):
    IN_EFFECT = "in_effect", "In effect"
    PARTIALLY_ENJOINED = "partially_enjoined", "Partially enjoined"
    ENJOINED = "enjoined", "Enjoined"
    SUPERSEDED = "superseded", "Superseded"
    REVOKED = "revoked", "Revoked"
    EXPIRED = "expired", "Expired"
    VETOED = "vetoed", "Vetoed"


class StatementKind(models.TextChoices):
    PRESS_RELEASE = "press_release", "Press release"
    LETTER = "letter", "Letter"
    TESTIMONY = "testimony", "Testimony"
    PRESS_QUOTE = "press_quote", "Quote in the press"
    INTERVIEW = "interview", "Interview"
    SOCIAL_MEDIA = "social_media", "Social media post"
    RESOLUTION = "resolution", "Resolution"
    REPORT = "report", "Report or position paper"
    OTHER = "other", "Other"


class DatePrecision(models.TextChoices):
    DAY = "day", "Day"
    MONTH = "month", "Month"
    YEAR = "year", "Year"


class EditorialStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_REVIEW = "in_review", "In review"
    PUBLISHED = "published", "Published"
    WITHDRAWN = "withdrawn", "Withdrawn"


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


class AgreementStatus(models.TextChoices):
    LISTED = "listed", "On ICE's current list"
    NO_LONGER_LISTED = "no_longer_listed", "No longer listed"


class RequestStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    NO_LONGER_PENDING = "no_longer_pending", "No longer on the pending list"


class ListKind(models.TextChoices):
    PARTICIPATING = "participating", "Participating agencies"
    PENDING = "pending", "Pending requests"


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


def in_choices(field, choices, allow_blank=False):
    """A CheckConstraint condition: the field holds one of the vocabulary's values."""
    values = list(choices.values) if hasattr(choices, "values") else list(choices)
    if allow_blank:
        values.append("")
    return Q(**{f"{field}__in": values})
