"""Crosswalk from the catalogue's vocabularies to Participedia's fields for a case.

Participedia (participedia.net) describes each case with, among others, `method_types` (the
kinds of method, several), `purposes` (several) and `public_spectrum` (one step of the IAP2
spectrum of public participation). The exports carry these values next to ours, so that a
practice of the catalogue can be compared with, or contributed to, Participedia. The values are
Participedia's own keys; docs/donnees-ouvertes.md gives the table and the reasons for it.
"""

from practices.vocabularies import DeviceType, ParticipationLevel

# Device type -> Participedia method types (none for the types without an equivalent).
METHOD_TYPES = {
    DeviceType.PARTICIPATORY_BUDGET: ("public",),
    DeviceType.NEIGHBOURHOOD_COUNCIL: ("longterm",),
    DeviceType.CITIZENS_COUNCIL: ("longterm",),
    DeviceType.ADVISORY_COMMITTEE: ("longterm",),
    DeviceType.YOUTH_COUNCIL: ("longterm", "experiential"),
    DeviceType.CHILDREN_COUNCIL: ("longterm", "experiential"),
    DeviceType.ELDERS_COUNCIL: ("longterm",),
    DeviceType.DEVELOPMENT_COUNCIL: ("longterm",),
    DeviceType.CITIZENS_ASSEMBLY: ("deliberative",),
    DeviceType.CITIZENS_JURY: ("deliberative",),
    DeviceType.CONSULTATION: ("direct",),
    DeviceType.REFERENDUM: ("direct",),
    DeviceType.PUBLIC_MEETING: ("public_meetings",),
    DeviceType.WORKSHOP: ("collaborative",),
    DeviceType.EXPLORATORY_WALK: ("community",),
    DeviceType.DIGITAL_PLATFORM: (),
    DeviceType.PETITION: ("direct",),
    DeviceType.OTHER: (),
}

# Participation level -> step of the spectrum of public participation.
PUBLIC_SPECTRUM = {
    ParticipationLevel.INFORMATION: "inform",
    ParticipationLevel.CONSULTATION: "consult",
    ParticipationLevel.CONCERTATION: "involve",
    ParticipationLevel.CO_CONSTRUCTION: "collaborate",
    ParticipationLevel.CO_DECISION: "empower",
}

# Informing develops civic capacities; every other level makes or influences public decisions.
PURPOSES = {
    ParticipationLevel.INFORMATION: ("develop",),
    ParticipationLevel.CONSULTATION: ("make",),
    ParticipationLevel.CONCERTATION: ("make",),
    ParticipationLevel.CO_CONSTRUCTION: ("make",),
    ParticipationLevel.CO_DECISION: ("make",),
}
# Councils of young people and children are also schools of citizenship.
DEVICE_PURPOSES = {
    DeviceType.YOUTH_COUNCIL: ("develop",),
    DeviceType.CHILDREN_COUNCIL: ("develop",),
}


def _unique(values):
    return list(dict.fromkeys(values))


def method_types(devices):
    """Participedia's method types of these device types (slugs), each once."""
    return _unique(key for device in devices for key in METHOD_TYPES.get(device, ()))


def purposes(level, devices):
    return _unique(
        [
            *PURPOSES.get(level, ()),
            *(key for device in devices for key in DEVICE_PURPOSES.get(device, ())),
        ]
    )


def public_spectrum(level):
    """The step of the spectrum, or None for a practice without a participation level."""
    return PUBLIC_SPECTRUM.get(level)
