from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from wagtail.models import Revision

from practices.census.importer import CREATED, UNCHANGED, UPDATED, import_table
from practices.models import PracticePage
from tests.factories.practices import CommuneFactory

pytestmark = pytest.mark.django_db

HEADER = [
    "Code INSEE",
    "Commune",
    "Titre",
    "Types de dispositif",
    "Thèmes",
    "Date de début",
    "Date de fin",
    "État",
    "Participants",
    "Budget (€)",
    "QPV",
    "Description",
    "Résultats",
]
ROWS = [
    [
        "59350",
        "Lille",
        "Budget participatif des quartiers",
        "Budget participatif | plateforme numerique",
        "Cadre de vie",
        "01/03/2023",
        "",
        "En cours",
        "1 200",
        "60 000 €",
        "oui",
        "Les habitants proposent ; puis votent, des projets.\n\nSecond paragraphe « cité ».",
        "42 projets déposés.",
    ],
    [
        "59512",
        "Roubaix",
        "Conseil des sages",
        "conseil-des-sages",
        "Solidarités, Santé",
        "2019-09-15",
        "2024-06-30",
        "Terminé",
        "24",
        "",
        "non",
        "Des aînés conseillent le maire.",
        "",
    ],
    [
        "59183",
        "Dunkerque",
        "Marche exploratoire des femmes",
        "Marche exploratoire",
        "Tranquillité publique",
        "",
        "",
        "",
        "",
        "",
        "",
        "Des habitantes arpentent le quartier et notent ce qui ne va pas.",
        "",
    ],
]
FORMATS = [
    ("utf-8-sig", ";"),
    ("utf-8", ","),
    ("cp1252", ";"),
    ("cp1252", ","),
]


def to_csv(rows, encoding="utf-8-sig", delimiter=";"):
    def cell(value):
        if any(char in value for char in f'{delimiter}"\n'):
            return '"' + value.replace('"', '""') + '"'
        return value

    text = "".join(delimiter.join(cell(value) for value in row) + "\r\n" for row in rows)
    return text.encode(encoding)


@pytest.fixture
def communes(db):
    return [
        CommuneFactory(insee_code="59350", name="Lille"),
        CommuneFactory(insee_code="59512", name="Roubaix"),
        CommuneFactory(insee_code="59183", name="Dunkerque"),
    ]


def snapshot():
    """What the catalogue holds, independent of ids and of the import's order."""
    return sorted(
        (
            page.title,
            page.commune.insee_code,
            tuple(term.pk for term in page.device_types.all()),
            tuple(sorted(term.pk for term in page.themes.all())),
            page.start_date,
            page.end_date,
            page.status,
            page.participants,
            page.budget,
            page.in_priority_neighbourhood,
            page.summary,
            tuple(block.value.source for block in page.how_it_works),
            tuple(block.value.source for block in page.results),
            page.live,
        )
        for page in PracticePage.objects.select_related("commune").prefetch_related(
            "device_types", "themes"
        )
    )


@pytest.mark.parametrize(("encoding", "delimiter"), FORMATS)
def test_every_export_format_imports_the_same_practices(catalogue, communes, encoding, delimiter):
    report = import_table(to_csv([HEADER, *ROWS], encoding, delimiter))
    assert not report.errors
    assert [row.action for row in report.rows] == [CREATED] * 3
    assert report.delimiter == delimiter
    assert snapshot() == [
        (
            "Budget participatif des quartiers",
            "59350",
            ("budget-participatif", "plateforme-numerique"),
            ("cadre-de-vie",),
            date(2023, 3, 1),
            None,
            "en-cours",
            1200,
            60000,
            True,
            "Les habitants proposent ; puis votent, des projets. Second paragraphe « cité ».",
            (
                "<p>Les habitants proposent ; puis votent, des projets.</p>",
                "<p>Second paragraphe « cité ».</p>",
            ),
            ("<p>42 projets déposés.</p>",),
            False,
        ),
        (
            "Conseil des sages",
            "59512",
            ("conseil-des-sages",),
            ("sante", "solidarites"),
            date(2019, 9, 15),
            date(2024, 6, 30),
            "termine",
            24,
            None,
            False,
            "Des aînés conseillent le maire.",
            ("<p>Des aînés conseillent le maire.</p>",),
            (),
            False,
        ),
        (
            "Marche exploratoire des femmes",
            "59183",
            ("marche-exploratoire",),
            ("tranquillite-publique",),
            None,
            None,
            "en-cours",
            None,
            None,
            False,
            "Des habitantes arpentent le quartier et notent ce qui ne va pas.",
            ("<p>Des habitantes arpentent le quartier et notent ce qui ne va pas.</p>",),
            (),
            False,
        ),
    ]
    assert all(page.get_parent().pk == catalogue.pk for page in PracticePage.objects.all())


def test_reimporting_creates_nothing_new_and_updates_in_place(catalogue, communes):
    data = to_csv([HEADER, *ROWS])
    import_table(data)
    before, revisions = snapshot(), Revision.objects.count()
    report = import_table(to_csv([HEADER, *ROWS], "cp1252", ","))
    assert [row.action for row in report.rows] == [UNCHANGED] * 3
    assert snapshot() == before
    assert Revision.objects.count() == revisions

    changed = [row[:] for row in ROWS]
    changed[1][8] = "30"  # participants
    changed[1][2] = "CONSEIL DES SAGES"  # same practice, whatever the case
    report = import_table(to_csv([HEADER, *changed]))
    assert [row.action for row in report.rows] == [UNCHANGED, UPDATED, UNCHANGED]
    assert PracticePage.objects.count() == 3
    page = PracticePage.objects.get(commune__insee_code="59512")
    assert page.get_latest_revision_as_object().participants == 30


def row(code, title, device, start=""):
    """A minimal row: the given cells, a description, the rest empty."""
    return [code, "", title, device, "", start, "", "", "", "", "", "x", ""]


BAD_ROWS = [
    ROWS[0],
    row("59999", "Pratique A", "Budget participatif"),
    row("5935", "Pratique B", "Budget participatif"),
    row("59350", "Pratique C", "Conseil galactique"),
    row("59350", "Pratique D", "Jury citoyen", start="31/02/2023"),
    ROWS[1],
]


def test_bad_rows_are_reported_by_line_and_nothing_changes(catalogue, communes):
    report = import_table(to_csv([HEADER, *BAD_ROWS]))
    errors = {row.line: " ; ".join(row.errors) for row in report.errors}
    # The first row spans lines 2 to 4 (a description in two paragraphs).
    assert errors == {
        5: "commune inconnue\u00a0: aucune commune n'a le code INSEE 59999",
        6: "code INSEE «\u00a05935\u00a0» invalide (5 caractères, ex. 59350)",
        7: "type de dispositif inconnu\u00a0: «\u00a0Conseil galactique\u00a0»",
        8: "Date de début invalide\u00a0: «\u00a031/02/2023\u00a0» (attendu\u00a0: jj/mm/aaaa)",
    }
    assert "Aucune modification" in report.summary
    assert PracticePage.objects.count() == 0


def test_codes_of_the_wrong_shape_are_refused(catalogue, communes):
    rows = [
        row("ABCDE", "Pratique", "Budget participatif"),
        row("593500", "Pratique", "Jury citoyen"),
    ]
    report = import_table(to_csv([HEADER, *rows]))
    assert [row.errors for row in report.rows] == [
        ["code INSEE «\u00a0ABCDE\u00a0» invalide (5 caractères, ex. 59350)"],
        ["code INSEE «\u00a0593500\u00a0» invalide (5 caractères, ex. 59350)"],
    ]


def test_partial_imports_the_good_rows(catalogue, communes):
    report = import_table(to_csv([HEADER, *BAD_ROWS]), partial=True)
    assert len(report.errors) == 4
    assert sorted(PracticePage.objects.values_list("title", flat=True)) == [
        "Budget participatif des quartiers",
        "Conseil des sages",
    ]


def test_the_command_reports_and_refuses_a_bad_file(catalogue, communes, tmp_path, capsys):
    path = tmp_path / "recensement.csv"
    path.write_bytes(to_csv([HEADER, *BAD_ROWS], "cp1252", ";"))
    with pytest.raises(CommandError, match="Fichier refusé"):
        call_command("import_practices", str(path))
    err = capsys.readouterr().err
    assert "Ligne 5\u00a0: commune inconnue" in err
    assert "Ligne 6\u00a0: code INSEE «\u00a05935\u00a0» invalide" in err
    unknown_device = "type de dispositif inconnu\u00a0: «\u00a0Conseil galactique\u00a0»."
    assert f"Ligne 7\u00a0: {unknown_device}" in err
    assert "Ligne 8\u00a0: Date de début invalide" in err
    assert PracticePage.objects.count() == 0

    call_command("import_practices", str(path), "--partial")
    assert PracticePage.objects.count() == 2


def test_the_command_dry_run_writes_nothing(catalogue, communes, tmp_path, capsys):
    path = tmp_path / "recensement.csv"
    path.write_bytes(to_csv([HEADER, *ROWS]))
    call_command("import_practices", str(path), "--dry-run")
    out = capsys.readouterr().out
    assert "Simulation" in out and "3 pratique(s) créée(s)" in out
    assert PracticePage.objects.count() == 0
    call_command("import_practices", str(path))
    assert PracticePage.objects.count() == 3
    with pytest.raises(CommandError, match="Impossible de lire"):
        call_command("import_practices", str(tmp_path / "absent.csv"))


def test_missing_columns_refuse_the_file(catalogue, communes):
    from practices.census.importer import ImportFileError

    with pytest.raises(ImportFileError, match="«\u00a0Types de dispositif\u00a0»"):
        import_table(to_csv([["Code INSEE", "Titre"], ["59350", "X"]]))


def test_the_admin_template_imports_as_is(client, catalogue, communes):
    user = get_user_model().objects.create_superuser("admin", "a@coeur.example", "x")
    client.force_login(user)
    template = client.get(reverse("census_import_template"))
    assert template["Content-Type"] == "text/csv; charset=utf-8"
    assert template.content.startswith(b"\xef\xbb\xbfCode INSEE;Commune;Titre;")

    upload = SimpleUploadedFile("modele.csv", template.content, content_type="text/csv")
    response = client.post(reverse("census_import"), {"file": upload})
    html = response.content.decode()
    assert response.status_code == 200
    assert "1 pratique(s) créée(s)" in html
    page = PracticePage.objects.get()
    assert (page.title, page.budget, page.participants) == (
        "Budget participatif des quartiers",
        60000,
        1200,
    )
    assert not page.live


def test_the_admin_upload_reports_bad_rows(client, catalogue, communes):
    user = get_user_model().objects.create_superuser("admin", "a@coeur.example", "x")
    client.force_login(user)
    upload = SimpleUploadedFile("bad.csv", to_csv([HEADER, *BAD_ROWS]), content_type="text/csv")
    html = client.post(reverse("census_import"), {"file": upload}).content.decode()
    assert "Aucune modification" in html
    assert "Conseil galactique" in html
    upload = SimpleUploadedFile("vide.csv", b"", content_type="text/csv")
    response = client.post(reverse("census_import"), {"file": upload})
    assert response.status_code == 200
    assert PracticePage.objects.count() == 0
