import wagtail_factories

from home.models import HomePage, StandardPage


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Accueil"

    class Meta:
        model = HomePage


class StandardPageFactory(wagtail_factories.PageFactory):
    title = "Le collectif"
    intro = "Des élus de toutes sensibilités."

    class Meta:
        model = StandardPage
