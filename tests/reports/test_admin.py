"""Editors write reports in the admin: its forms show the data blocks; the preview computes the
figures being edited."""

import pytest
from django.core.files.storage import default_storage

from practices.reports.pdf import delete_pdfs, pdf_directory

pytestmark = pytest.mark.django_db


def test_the_admin_forms_of_a_report_show_the_data_blocks(admin_client, report):
    index = report.get_parent()
    add = admin_client.get(f"/admin/pages/add/reports/reportpage/{index.pk}/")
    assert add.status_code == 200
    edit = admin_client.get(f"/admin/pages/{report.pk}/edit/")
    assert edit.status_code == 200
    html = edit.content.decode()
    for block_type in ["data_figures", "data_chart", "data_map", "data_practices", "data_coverage"]:
        assert block_type in html


def test_the_pdf_preview_is_rendered_and_not_stored(report):
    delete_pdfs(report)  # the media folder outlives each test's database
    response = report.make_preview_request(preview_mode="pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert not stored_names(pdf_directory(report))


def stored_names(directory):
    try:
        return default_storage.listdir(directory)[1]
    except FileNotFoundError:
        return []
