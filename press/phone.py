"""French phone numbers: E.164 for `tel:` links, the French grouping for display.

Only formats we can read without guessing are normalised; anything else (extensions,
short numbers, letters, a wrong digit count) gets no E.164 form, so templates show it
as typed and without a link rather than with a wrong one.

Why not `phonenumbers` (libphonenumber): a number written the French national way may belong to
an overseas department (« 06 92 … » is La Réunion, +262), which it reads only with a region to
guess, and no order of guesses routes them all (from « FR », « 05 96 … » stays +33; from the
overseas regions first, « 08 00 … » becomes +262); it also reads letters as digits (« 0800-ABC »).
"""

import re
from dataclasses import dataclass

# Separators people type between digit groups (incl. non-breaking and narrow spaces).
SEPARATORS = re.compile(r"[\s.\-\u00a0\u202f]+")
# « +33 (0)6 … », « +33 06 … »: a trunk zero kept after the country code.
TRUNK_ZERO = re.compile(r"^(\+|00)33\(?0\)?(?=[1-9]\d{8}$)")
NATIONAL = re.compile(r"^0([1-9]\d{8})$")
FRENCH_INTERNATIONAL = re.compile(r"^(?:\+|00)33([1-9]\d{8})$")
# With « 00 », at least 11 digits, so a mistyped national number (« 00 21 … ») isn't read
# as an international one.
OTHER_INTERNATIONAL = re.compile(r"^(?:\+([1-9]\d{6,14})|00([1-9]\d{8,14}))$")

# Overseas departments share the French national numbering plan (« 06 92 … ») but have
# their own country codes: the first three national digits tell which one.
OVERSEAS_COUNTRY_CODES = {
    "262": "262",  # La Réunion, fixed
    "263": "262",
    "692": "262",  # La Réunion, mobile
    "693": "262",
    "269": "262",  # Mayotte, fixed
    "639": "262",  # Mayotte, mobile
    "590": "590",  # Guadeloupe, Saint-Martin, Saint-Barthélemy
    "690": "590",
    "691": "590",
    "594": "594",  # Guyane
    "694": "594",
    "596": "596",  # Martinique
    "696": "596",
    "697": "596",
}


@dataclass(frozen=True)
class PhoneNumber:
    e164: str
    display: str

    @property
    def tel_uri(self):
        return f"tel:{self.e164}"


def _group_national(significant):
    """« 621176469 » → « 06 21 17 64 69 »."""
    digits = f"0{significant}"
    return " ".join(digits[i : i + 2] for i in range(0, 10, 2))


def _from_national(significant):
    country_code = OVERSEAS_COUNTRY_CODES.get(significant[:3], "33")
    return PhoneNumber(f"+{country_code}{significant}", _group_national(significant))


def parse(raw):
    """A `PhoneNumber`, or None when `raw` is not a number we can link safely."""
    compact = SEPARATORS.sub("", raw or "")
    compact = TRUNK_ZERO.sub(r"\g<1>33", compact)
    if match := NATIONAL.match(compact):
        return _from_national(match[1])
    if match := FRENCH_INTERNATIONAL.match(compact):
        # « +33 » stays « +33 » even for the overseas prefixes: the writer chose it.
        return PhoneNumber(f"+33{match[1]}", _group_national(match[1]))
    if match := OTHER_INTERNATIONAL.match(compact):
        digits = match[1] or match[2]
        if not digits.startswith("33"):
            return PhoneNumber(f"+{digits}", " ".join(raw.split()))
    return None


def to_e164(raw):
    """« 06.21.17.64.69 » → « +33621176469 »; « » when the number can't be read."""
    number = parse(raw)
    return number.e164 if number else ""


def french_display(raw):
    """« +33621176469 » → « 06 21 17 64 69 »; an unreadable number is shown as typed."""
    number = parse(raw)
    return number.display if number else " ".join((raw or "").split())
