from anymail.utils import get_anymail_setting
from django.core.checks import Error

from press.mailing.webhooks import configured_esp


def webhook_secret_check(app_configs, **kwargs):
    """Without the secret, anyone could post forged bounces and complaints to the webhook."""
    esp = configured_esp()
    if esp is None or get_anymail_setting("webhook_secret", default=None):
        return []
    return [
        Error(
            f"EMAIL_BACKEND utilise le prestataire « {esp} » mais ANYMAIL_WEBHOOK_SECRET n'est "
            "pas défini : le suivi des remises accepterait des événements forgés.",
            hint=(
                "Définissez ANYMAIL_WEBHOOK_SECRET=<identifiant>:<mot de passe> dans "
                "l'environnement et la même valeur dans l'URL du webhook chez le prestataire "
                "(docs/liste-de-diffusion.md)."
            ),
            id="mailing.E001",
        )
    ]
