"""Name matching shared by the importers and the admin's merge of agencies."""

import re
import unicodedata

# Variants that ICE and editors write for the same word, reduced to one spelling.
WORD_VARIANTS = {
    "co": "county",
    "cnty": "county",
    "dept": "department",
    "dep": "department",
    "pd": "police department",
    "so": "sheriffs office",
    "sheriff's": "sheriffs",
    "sherriffs": "sheriffs",
    "sherrifs": "sheriffs",
    "st": "saint",
    "twp": "township",
    "ofc": "office",
    "&": "and",
}


def normalize_agency_name(name):
    """Reduce an agency name to a key that ignores case, accents, punctuation and the
    common variants (“Sheriff's Office” = “Sheriffs Office”, “Co.” = “County”)."""
    text = unicodedata.normalize("NFKD", name or "").encode("ascii", "ignore").decode()
    text = text.lower().replace("\u2019", "'").replace("'s ", "s ").replace("s' ", "s ")
    text = re.sub(r"[^a-z0-9& ]+", " ", text)
    words = [WORD_VARIANTS.get(word, word) for word in text.split()]
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(" ".join(words).split())
