"""vCard 4.0 (RFC 6350) for press contacts, and signed tokens for contacts typed inline.

A contact here is anything with `name`, `role`, `organisation`, `email` and `phone`
attributes or keys: a `PressContact` snippet or the value of an inline contact block.
"""

from django.core import signing
from django.utils.text import slugify

from press.phone import parse as parse_phone

FIELDS = ("name", "role", "organisation", "email", "phone")
INLINE_SALT = "press.vcards.inline-contact"
MAX_LINE_OCTETS = 75


def _field(contact, name):
    value = contact.get(name) if isinstance(contact, dict) else getattr(contact, name, "")
    return str(value or "").strip()


def contact_fields(contact):
    return {name: _field(contact, name) for name in FIELDS}


def escape(text):
    """Escape a TEXT value (RFC 6350 §3.4): backslash, comma, semicolon, newline."""
    text = text.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;")
    return text.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")


def split_name(full_name):
    """(family, given) from « Baptiste Ménard », « Jean-Marc de La Tour », « MÉNARD Baptiste »."""
    words = full_name.split()
    upper = [w for w in words if len(w) > 1 and w.isupper()]
    if upper and len(upper) < len(words):
        # The administrative French habit: the family name in capitals.
        return " ".join(upper), " ".join(w for w in words if w not in upper)
    if len(words) < 2:
        return full_name, ""
    return " ".join(words[1:]), words[0]


def fold(line):
    """Fold a content line at 75 octets without splitting a UTF-8 character (§3.2)."""
    pieces, current, size = [], "", 0
    for char in line:
        octets = len(char.encode())
        limit = MAX_LINE_OCTETS if not pieces else MAX_LINE_OCTETS - 1
        if size + octets > limit:
            pieces.append(current)
            current, size = "", 0
        current += char
        size += octets
    pieces.append(current)
    return "\r\n ".join(pieces)


def build_vcard(contact):
    """The vCard text (CRLF line endings) of one contact."""
    fields = contact_fields(contact)
    family, given = split_name(fields["name"])
    lines = [
        "BEGIN:VCARD",
        "VERSION:4.0",
        "KIND:individual",
        f"FN:{escape(fields['name'])}",
        f"N:{escape(family)};{escape(given)};;;",
    ]
    if fields["organisation"]:
        lines.append(f"ORG:{escape(fields['organisation'])}")
    if fields["role"]:
        lines.append(f"TITLE:{escape(fields['role'])}")
    if fields["email"]:
        lines.append(f"EMAIL;TYPE=work:{escape(fields['email'])}")
    if number := parse_phone(fields["phone"]):
        kind = "cell" if number.e164.startswith(("+336", "+337")) else "voice"
        lines.append(f'TEL;VALUE=uri;TYPE="work,{kind}":{number.tel_uri}')
    elif fields["phone"]:
        # Unreadable numbers stay free text rather than a wrong URI.
        lines.append(f"TEL;VALUE=text;TYPE=work:{escape(fields['phone'])}")
    lines.append("END:VCARD")
    return "".join(f"{fold(line)}\r\n" for line in lines)


def vcard_filename(contact):
    """« prenom-nom.vcf » (ASCII, safe in a Content-Disposition header)."""
    return f"{slugify(_field(contact, 'name')) or 'contact'}.vcf"


def sign_inline_contact(contact):
    """A URL-safe token carrying the inline contact's fields, signed with SECRET_KEY."""
    fields = {key: value for key, value in contact_fields(contact).items() if value}
    return signing.dumps(fields, salt=INLINE_SALT, compress=True)


def unsign_inline_contact(token):
    """The fields signed in `token`, or None for a forged, damaged or odd token."""
    try:
        data = signing.loads(token, salt=INLINE_SALT)
    except (signing.BadSignature, ValueError, UnicodeError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("name"), str):
        return None
    if not all(key in FIELDS and isinstance(value, str) for key, value in data.items()):
        return None
    return contact_fields(data) if data["name"].strip() else None
