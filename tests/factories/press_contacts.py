import factory
import wagtail_factories

from press.models import PressContact


class PressContactFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Camille Exemple {n}")
    role = "Chargée de communication"
    organisation = "La participation citoyenne, cœur de nos communes"
    email = factory.Sequence(lambda n: f"camille.exemple{n}@example.org")
    phone = "06.21.17.64.69"
    is_active = True

    class Meta:
        model = PressContact

    class Params:
        with_photo = factory.Trait(
            photo=factory.SubFactory(
                wagtail_factories.ImageFactory, description="Portrait de la personne"
            )
        )
