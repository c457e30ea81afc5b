"""schema.org JSON-LD for partners, serialised so that no text can close the <script>."""

import json
from urllib.parse import urljoin

from django.utils.html import format_html
from django.utils.safestring import mark_safe

# One of the renditions the partner templates already request with `{% picture %}`
# (format-{avif,webp,png} max-{240x80,480x160}), so prefetched renditions serve it.
LOGO_SPEC = "format-png|max-480x160"

# Characters that could end the script element or open a comment, escaped as JSON allows.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def organization(partner, request):
    """The `Organization` describing `partner` (name, url, logo, description)."""
    profile_url = partner.get_full_url(request)
    data = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "@id": f"{profile_url}#organisation",
        "name": partner.title,
        "url": partner.website or profile_url,
        "mainEntityOfPage": profile_url,
    }
    description = partner.summary or partner.descriptor
    if description:
        data["description"] = description
    if partner.logo:
        # get_renditions(): a prefetched rendition is not written back to the renditions' cache,
        # as get_rendition() does (a cache round trip per partner of the list).
        rendition = partner.logo.get_renditions(LOGO_SPEC)[LOGO_SPEC]
        data["logo"] = urljoin(profile_url, rendition.url)
    if partner.website:
        data["sameAs"] = [partner.website]
    return data


def item_list(partners, request, start=1):
    """An `ItemList` of the partners' `Organization`s, in display order (`start`: the position
    of the first, on a page of a paginated list)."""
    elements = []
    for position, partner in enumerate(partners, start=start):
        item = organization(partner, request)
        del item["@context"]
        elements.append({"@type": "ListItem", "position": position, "item": item})
    return {"@context": "https://schema.org", "@type": "ItemList", "itemListElement": elements}


def json_ld_script(data):
    """A `<script type="application/ld+json">` element; `</script>` in the data stays inert."""
    payload = json.dumps(data, ensure_ascii=False).translate(_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))  # noqa: S308
