"""The Wagtail admin's login form, with a French label on its password field."""

from django.contrib.auth.forms import AuthenticationForm
from wagtail.admin.forms.auth import LoginForm


class AdminLoginForm(LoginForm):
    """Wagtail redeclares `password` without a label, so Django shows its name, « Password »:
    take back Django's translated label (« Mot de passe »)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].label = AuthenticationForm.base_fields["password"].label
