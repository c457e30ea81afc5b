from django import template

from cms.templatetags.cms_tags import section_of_type
from practices.reports.models import ReportIndexPage

register = template.Library()


@register.inclusion_tag("reports/includes/latest_report.html", takes_context=True)
def latest_report(context):
    """The latest report of the site's « Rapports » section, with its PDF (the press room's
    aside); nothing, and no query, when the site has no such section."""
    section = section_of_type(context, ReportIndexPage)
    report = section.specific_deferred.reports().first() if section else None
    return {"report": report, "request": context.get("request")}
