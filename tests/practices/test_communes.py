import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from practices import vocabularies as vocab
from practices.communes_import import import_communes
from practices.models import Commune, department_of

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("code", ["59350", "2A004", "2B033", "97101", "01001"])
def test_valid_insee_codes(code):
    Commune(insee_code=code, name="Test").full_clean()


@pytest.mark.parametrize("code", ["5935", "593500", "59A50", "AB123", "2C123", "59 35", ""])
def test_invalid_insee_codes_are_refused_in_french(code):
    with pytest.raises(ValidationError) as error:
        Commune(insee_code=code, name="Test").full_clean()
    assert "insee_code" in error.value.message_dict


@pytest.mark.parametrize(
    ("code", "department"), [("59350", "59"), ("2a004", "2A"), ("97101", "971"), ("62041", "62")]
)
def test_department_is_derived_from_the_code(code, department):
    assert department_of(code) == department
    commune = Commune.objects.create(insee_code=code, name="Test")
    assert commune.department == department
    assert commune.insee_code == code.upper()


@pytest.mark.parametrize(
    ("population", "band"),
    [
        (None, ""),
        (0, "0-999"),
        (999, "0-999"),
        (1_000, "1000-3499"),
        (3_499, "1000-3499"),
        (3_500, "3500-19999"),
        (19_999, "3500-19999"),
        (20_000, "20000-79999"),
        (79_999, "20000-79999"),
        (80_000, "80000-plus"),
        (236_234, "80000-plus"),
    ],
)
def test_population_band_boundaries(population, band):
    assert vocab.population_band(population) == band
    commune = Commune.objects.create(insee_code="59999", name="Test", population=population)
    assert Commune.objects.filter(population_band=band).get() == commune


def test_band_follows_population_changes():
    commune = Commune.objects.create(insee_code="59350", name="Lille", population=900)
    commune.population = 4_000
    commune.save()
    commune.refresh_from_db()
    assert commune.population_band == vocab.PopulationBand.FROM_3500
    assert str(commune.population_band_label) == "De 3 500 à 19 999 habitants"


def test_import_sample_is_idempotent(capsys):
    call_command("import_communes", "practices/data/communes_nord_sample.csv")
    assert "34 créée(s)" in capsys.readouterr().out
    lille = Commune.objects.get(insee_code="59350")
    assert lille.name == "Lille"
    assert lille.population_band == "80000-plus"
    assert lille.population_year == 2021
    assert lille.epci_name == "Métropole Européenne de Lille"
    assert "59000" in lille.postcode_list
    assert Commune.objects.filter(population_band="0-999").count() >= 3
    call_command("import_communes", "practices/data/communes_nord_sample.csv")
    assert "0 créée(s), 0 mise(s) à jour, 34 inchangée(s)" in capsys.readouterr().out
    assert Commune.objects.count() == 34


def test_import_updates_changed_rows():
    Commune.objects.create(insee_code="59350", name="Lille", population=100)
    report = import_communes(
        io.BytesIO(b"code_insee,nom_standard,population\n59350,Lille,236234\n")
    )
    assert (report.created, report.updated) == (0, 1)
    assert Commune.objects.get().population_band == "80000-plus"


def test_import_reads_semicolons_bom_and_the_cog_column_names():
    data = "\ufeffCOM;LIBELLE;PMUN;codes_postaux\n59009;Villeneuve-d'Ascq;62 727;59491;59650\n"
    report = import_communes(io.BytesIO(data.encode()), population_year=2021)
    assert report.created == 1 and not report.errors
    commune = Commune.objects.get()
    assert (commune.name, commune.population, commune.population_year) == (
        "Villeneuve-d'Ascq",
        62_727,
        2021,
    )


@pytest.mark.parametrize("separator", [" ", "\u00a0", "\u202f"])
def test_import_reads_populations_with_any_thousands_separator(separator):
    data = f"code_insee,nom_standard,population\n59350,Lille,236{separator}234\n"
    report = import_communes(io.BytesIO(data.encode()))
    assert not report.errors
    assert Commune.objects.get().population == 236_234


def test_import_reports_bad_rows_by_line_and_keeps_good_ones(tmp_path, capsys):
    csv_file = tmp_path / "communes.csv"
    csv_file.write_text(
        "code_insee,nom_standard,population,latitude_centre\n"
        "59350,Lille,236234,50.63\n"
        "5935,Trop court,100,50.1\n"
        "59512,Roubaix,beaucoup,50.69\n"
        "59599,,99011,50.72\n",
        encoding="utf-8",
    )
    call_command("import_communes", str(csv_file))
    captured = capsys.readouterr()
    assert "Ligne 3\u00a0: code INSEE" in captured.err
    assert "Ligne 4\u00a0: Population illisible" in captured.err
    assert "Ligne 5\u00a0: nom" in captured.err
    assert "1 créée(s)" in captured.out
    assert list(Commune.objects.values_list("insee_code", flat=True)) == ["59350"]


def test_import_can_keep_one_department(tmp_path):
    csv_file = tmp_path / "communes.csv"
    csv_file.write_text("code_insee,nom_standard\n59350,Lille\n62041,Arras\n", encoding="utf-8")
    call_command("import_communes", str(csv_file), department="59", verbosity=0)
    assert list(Commune.objects.values_list("name", flat=True)) == ["Lille"]


def test_import_without_any_valid_row_fails_clearly(tmp_path):
    csv_file = tmp_path / "communes.csv"
    csv_file.write_text("code_insee,nom_standard\nXXXXX,Nulle part\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Aucune commune valide"):
        call_command("import_communes", str(csv_file))
    with pytest.raises(CommandError, match="Fichier illisible"):
        call_command("import_communes", str(tmp_path / "absent.csv"))


def test_commune_admin_lists_searches_and_filters(admin_client, communes):
    response = admin_client.get("/admin/practices/commune/", {"q": "Roubaix"})
    assert response.status_code == 200
    assert "Roubaix" in response.content.decode()
    response = admin_client.get("/admin/practices/commune/", {"population_band": "0-999"})
    html = response.content.decode()
    assert "Zuytpeene" in html and "Roubaix" not in html
    response = admin_client.get(
        "/admin/practices/commune/", {"epci_name": "Communauté urbaine de Dunkerque"}
    )
    assert "Grande-Synthe" in response.content.decode()
