import factory

from practices.census.models import PracticeSubmission
from practices.models import DeviceTypeTerm
from tests.factories.practices import CommuneFactory


class PracticeSubmissionFactory(factory.django.DjangoModelFactory):
    commune = factory.SubFactory(CommuneFactory)
    title = factory.Sequence(lambda n: f"Budget participatif n° {n}")
    description = "Les habitants proposent et votent des projets pour leur quartier."
    results = "42 projets déposés, 12 réalisés."
    lessons = "Accompagner les porteurs de projet."
    participants = 1_200
    budget = 60_000
    submitter_name = "Camille Martin"
    submitter_role = "Chargée de mission participation"
    submitter_email = "camille.martin@mairie.example"
    consent_to_contact = True

    class Meta:
        model = PracticeSubmission
        skip_postgeneration_save = True

    @factory.post_generation
    def device_types(self, create, extracted, **kwargs):
        if create:
            default = DeviceTypeTerm.objects.filter(pk="budget-participatif")
            self.device_types.set(extracted or default)
