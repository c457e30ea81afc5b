"""Security headers: Content-Security-Policy per area of the site, and Permissions-Policy.

The public site gets the strict policy of `settings.CONTENT_SECURITY_POLICY` (no inline script,
no inline style). The Wagtail admin, previews included, relies on inline scripts and styles: it
gets the relaxed `settings.CONTENT_SECURITY_POLICY_ADMIN`. The static 500 page carries its own
`<style>` element: error responses allow exactly that element, by hash.
"""

import base64
import hashlib
import re
from functools import cache

from axes.helpers import get_client_username
from axes.models import AccessAttempt
from csp.middleware import CSPMiddleware, PolicyParts
from csp.utils import default_config
from django.conf import settings
from django.db.models import Sum


@cache
def _error_page_style_hashes():
    """CSP hashes of the inline `<style>` elements of the static 500 page."""
    source = (settings.BASE_DIR / "templates" / "500.html").read_text(encoding="utf-8")
    digests = [
        hashlib.sha256(css.encode()).digest()
        for css in re.findall(r"<style>(.*?)</style>", source, flags=re.DOTALL)
    ]
    return [f"'sha256-{base64.b64encode(digest).decode()}'" for digest in digests]


def is_admin_path(path):
    return path.startswith(settings.CONTENT_SECURITY_POLICY_ADMIN["URL_PREFIXES"])


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    def process_response(self, request, response):
        if getattr(request, "is_dummy", False):
            # A Wagtail preview renders the page through a nested, dummy request: the admin
            # request around it sets the policy.
            return response
        return super().process_response(request, response)

    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if report_only or parts.config is not None:
            return parts
        if is_admin_path(request.path_info):
            parts.config = default_config(settings.CONTENT_SECURITY_POLICY_ADMIN["DIRECTIVES"])
        elif response.status_code >= 500:
            parts.update = {**(parts.update or {}), "style-src": _error_page_style_hashes()}
        return parts


def permissions_policy_header(features):
    """`{"camera": [], "fullscreen": ["self"]}` → `camera=(), fullscreen=(self)`."""
    return ", ".join(f"{feature}=({' '.join(allow)})" for feature, allow in features.items())


class PermissionsPolicyMiddleware:
    """Adds `Permissions-Policy` (browser features the site never uses are switched off)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = permissions_policy_header(settings.PERMISSIONS_POLICY)

    def __call__(self, request):
        response = self.get_response(request)
        if self.header and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = self.header
        return response


def client_ip(request):
    """The client's IP address for django-axes, behind `TRUSTED_PROXY_COUNT` reverse proxies.

    Each trusted proxy appends the address it received the request from to X-Forwarded-For: the
    address added by the outermost one is the client's; anything to its left may be forged.
    """
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = [ip.strip() for ip in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    if proxies and len(forwarded) >= proxies and forwarded[-proxies]:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR")


def login_failure_limit(request, credentials):
    """AXES_FAILURE_LIMIT: the failures axes counts are those of the client's address over all
    usernames (always at least those of this username from it); it compares them to this limit.

    The username's own limit once this username has reached it from this address, the
    address's limit (higher: colleagues behind one address mistype too) otherwise.
    """
    failures = AccessAttempt.objects.filter(
        username=get_client_username(request, credentials),
        ip_address=request.axes_ip_address,
    ).aggregate(total=Sum("failures_since_start"))["total"]
    if (failures or 0) >= settings.LOGIN_FAILURES_PER_USERNAME:
        return settings.LOGIN_FAILURES_PER_USERNAME
    return settings.LOGIN_FAILURES_PER_ADDRESS
