"""Generating report documents in the background (a jobs task), from the form and its preview."""

import html
import io
import re
import zipfile
from datetime import UTC, date, datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from docx import Document
from openpyxl import load_workbook

from jobs.choices import JobStatus
from jobs.models import Job
from jobs.services import read_result, start_job
from reports.figures import compute_report
from reports.models import IssuedReport
from reports.tasks import generate_report, job_params
from reports.tests.issue_factories import meta_for, year_period
from travel.models import Trip
from travel.tests.factories import make_trip

pytestmark = pytest.mark.django_db


def _run(owner, unit, *, formats=("docx", "xlsx", "pdf"), issue=False, capture=None, **meta):
    params = job_params(period=year_period(unit), meta=meta_for(unit, **meta), formats=formats,
                        issue=issue)
    with capture(execute=True):
        job = start_job(owner=owner, kind="report", label="Báo cáo năm",
                        task="reports.tasks.generate_report", params=params)
    job.refresh_from_db()
    return job


def _form(world, **changes):
    data = {"kind": "NAM", "unit": world.hn.pk, "date_from": "01/01/2026",
            "date_to": "31/12/2026", "as_of": "", "formats": ["docx", "xlsx", "pdf"],
            "classification": "1", "number": "", "issued_on": "29/12/2026", "place": "Hà Nội",
            "parent_body": "Đảng bộ Thành phố Hà Nội", "issuer": "Ban Tổ chức Thành ủy",
            "signature": "T/M BAN THƯỜNG VỤ", "signer_title": "Phó Bí thư",
            "signer": "Nguyễn Văn An", "recipients": "Ban Tổ chức Trung ương", "keep_at": "VP"}
    data.update(changes)
    return data


def test_a_job_renders_every_format_into_one_download(world, django_capture_on_commit_callbacks):
    make_trip(world.admin, world.hn_cell, [world.person_a])
    job = _run(world.officer_a, world.hn, capture=django_capture_on_commit_callbacks)
    assert job.status == JobStatus.DONE, job.error
    assert job.result_name.endswith(".zip") and job.result_name.startswith("bao-cao-nam-2026")
    archive = zipfile.ZipFile(io.BytesIO(b"".join(read_result(job))))
    names = sorted(archive.namelist())
    assert [name.rsplit(".", 1)[1] for name in names] == ["docx", "pdf", "xlsx"]
    docx_name = next(n for n in names if n.endswith(".docx"))
    text = "\n".join(p.text for p in Document(io.BytesIO(archive.read(docx_name))).paragraphs)
    assert "Đoàn đi nước ngoài: 1." in text
    # Progress: sections × formats, all done.
    assert job.total >= 3 and job.done == job.total and job.percent == 100


def test_one_format_is_downloaded_as_it_is(world, django_capture_on_commit_callbacks):
    job = _run(world.officer_a, world.hn, formats=("xlsx",),
               capture=django_capture_on_commit_callbacks)
    assert job.result_name.endswith(".xlsx")
    workbook = load_workbook(io.BytesIO(b"".join(read_result(job))))
    assert len(workbook.sheetnames) >= 5


def test_an_issue_job_freezes_a_copy(world, django_capture_on_commit_callbacks):
    job = _run(world.officer_a, world.hn, issue=True, formats=("docx",),
               capture=django_capture_on_commit_callbacks)
    assert job.status == JobStatus.DONE, job.error
    report = IssuedReport.objects.get()
    assert report.number == "12-BC/BTCTU" and report.issued_by == world.officer_a
    assert sorted(report.files.values_list("fmt", flat=True)) == ["docx", "pdf", "xlsx"]


def test_an_issue_job_of_a_viewer_fails_with_a_sentence(world, django_capture_on_commit_callbacks):
    job = _run(world.viewer_a, world.hn, issue=True, classification=0,
               capture=django_capture_on_commit_callbacks)
    assert job.status == JobStatus.FAILED
    assert "ban hành" in job.error
    assert not IssuedReport.objects.exists()


def test_a_job_for_a_unit_out_of_scope_fails_clearly(world, django_capture_on_commit_callbacks):
    job = _run(world.officer_a, world.hp, capture=django_capture_on_commit_callbacks)
    assert job.status == JobStatus.FAILED
    assert "phạm vi" in job.error


def test_progress_is_reported_section_by_section(world):
    class FakeJob:
        owner, calls, result = world.officer_a, [], None

        def set_progress(self, done, total=None, message=""):
            self.calls.append((done, total))

        def save_result(self, filename, content_type, data):
            self.result = (filename, content_type, len(data))

    job = FakeJob()
    generate_report(job, **job_params(period=year_period(world.hn), meta=meta_for(world.hn),
                                      formats=("docx", "xlsx")))
    totals = {total for _done, total in job.calls[1:]}
    assert len(totals) == 1
    total = totals.pop()
    assert [done for done, _t in job.calls[1:]] == list(range(0, total + 1)) + [total]
    assert job.result[0].endswith(".zip")


def test_preview_shows_every_figure_with_its_drill_down(world, client):
    make_trip(world.admin, world.hn_cell, [world.person_a])
    client.force_login(world.officer_a)
    response = client.post(reverse("reports:generate"), _form(world, action="preview"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in page and "Đoàn đi nước ngoài" in page
    assert 'data-key="travel.trips"' in page
    assert page.count('data-key="') >= 40  # every figure of the report is on the page
    # The figure links to the records behind it, for the same unit and period.
    link = re.search(r'<a href="([^"]+)" data-key="travel.trips">1</a>', page).group(1)
    drill = client.get(html.unescape(link))
    assert drill.status_code == 200
    assert "Đoàn công tác" in drill.content.decode()


def test_generate_starts_a_job_and_goes_to_its_page(world, client,
                                                     django_capture_on_commit_callbacks):
    client.force_login(world.officer_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:generate"), _form(world, action="generate"))
    job = Job.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("jobs:detail", kwargs={"job_id": job.pk})
    assert job.status == JobStatus.DONE and job.owner == world.officer_a
    assert job.params["unit_id"] == world.hn.pk and job.params["issue"] is False


def test_issue_needs_a_number(world, client):
    client.force_login(world.officer_a)
    response = client.post(reverse("reports:generate"), _form(world, action="issue"))
    assert response.status_code == 200
    assert "phải có số" in response.content.decode()
    assert not Job.objects.exists()


def test_viewer_may_preview_but_not_issue(world, client):
    client.force_login(world.viewer_a)
    data = _form(world, classification="0", number="5-BC/HN")
    assert client.post(reverse("reports:generate"), {**data, "action": "preview"}).status_code == 200
    response = client.post(reverse("reports:generate"), {**data, "action": "issue"})
    assert "Chỉ lãnh đạo và cán bộ nghiệp vụ" in response.content.decode()
    assert not Job.objects.exists()


def test_a_unit_of_another_province_is_refused(world, client):
    client.force_login(world.officer_a)
    response = client.post(reverse("reports:generate"),
                           _form(world, unit=world.hp.pk, action="preview"))
    assert response.status_code == 200
    assert "Đoàn đi nước ngoài" not in response.content.decode()
    assert response.context["form"].errors["unit"]


def test_dates_are_read_and_checked_in_vietnamese_form(world, client):
    client.force_login(world.officer_a)
    response = client.post(reverse("reports:generate"),
                           _form(world, date_from="31/12/2026", date_to="01/01/2026",
                                 as_of="2026-13-01", action="preview"))
    errors = response.context["form"].errors
    assert "as_of" in errors and "date_to" in errors


def test_form_offers_only_units_in_scope(world, client):
    client.force_login(world.officer_a)
    page = client.get(reverse("reports:generate") + "?kind=SO_KET").content.decode()
    assert world.hn.name in page and world.hp.name not in page
    assert '<option value="SO_KET" selected>' in page


@pytest.mark.parametrize(("kind", "years"), [("NAM", 1), ("SO_KET", 5), ("TONG_KET", 10)])
def test_empty_dates_take_the_period_of_the_kind(world, client, kind, years):
    client.force_login(world.officer_a)
    response = client.post(reverse("reports:generate"),
                           _form(world, kind=kind, date_from="", date_to="", action="preview"))
    period = response.context["period"]
    year = timezone.localdate().year
    assert (period.date_from, period.date_to) == (date(year - years + 1, 1, 1),
                                                  date(year, 12, 31))


def test_one_date_alone_is_refused(world, client):
    client.force_login(world.officer_a)
    response = client.post(reverse("reports:generate"),
                           _form(world, date_to="", action="preview"))
    assert "Hãy nhập cả hai ngày" in response.content.decode()


def test_as_of_a_past_day_gives_the_figures_of_that_day(world, django_capture_on_commit_callbacks):
    first = make_trip(world.admin, world.hn_cell, [world.person_a], departure=date(2026, 3, 2),
                      back=date(2026, 3, 9))
    Trip.objects.filter(pk=first.pk).update(created_at=datetime(2026, 2, 1, 9, tzinfo=UTC))
    as_of = year_period(world.hn, as_of=date(2026, 6, 30))
    assert compute_report(world.officer_a, as_of).figure("travel.trips").value == 1

    # Recorded later (today): a delegation that left in April, before the as-of day.
    make_trip(world.admin, world.hn_cell, [world.person_a], departure=date(2026, 4, 2),
              back=date(2026, 4, 9), title="Đoàn thứ hai")
    assert compute_report(world.officer_a, year_period(world.hn)).figure(
        "travel.trips").value == 2

    params = job_params(period=as_of, meta=meta_for(world.hn), formats=("docx",))
    with django_capture_on_commit_callbacks(execute=True):
        job = start_job(owner=world.officer_a, kind="report", label="Báo cáo năm",
                        task="reports.tasks.generate_report", params=params)
    job.refresh_from_db()
    text = "\n".join(p.text for p in Document(io.BytesIO(b"".join(read_result(job)))).paragraphs)
    assert "- Đoàn đi nước ngoài: 1." in text
    assert "(số liệu tính đến ngày 30/06/2026)" in text
