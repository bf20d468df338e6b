import io
from datetime import date

import pytest
from django.db import connection
from PIL import Image

from marsad.cases import receipts
from marsad.cases.enums import PublicStatus
from marsad.cases.models import Evidence, Report
from marsad.cases.services import casework, intake
from marsad.cases.services.evidence import EvidenceRefusedError, Upload
from marsad.core.models import User
from tests.cases.conftest import GPS_IFD, ReportMaker, photo_with_location

pytestmark = [pytest.mark.integration]


def test_receipt_codes_survive_being_read_out_loud() -> None:
    code = receipts.new_code()
    spoken = code.lower().replace("-", " ").replace("0", "o").replace("1", "l")

    assert receipts.digest(spoken) == receipts.digest(code)
    assert receipts.digest("not a code") is None
    assert len(code.replace("-", "")) == receipts.LENGTH


def test_report_is_found_by_its_code_and_only_the_digest_is_stored(
    file_report: ReportMaker,
) -> None:
    report, code = file_report()

    assert intake.report_for_code(code) == report
    assert intake.report_for_code(code.lower()) == report
    assert intake.report_for_code(receipts.new_code()) is None
    assert code.replace("-", "") not in report.receipt_digest
    assert intake.status_of(report).status == PublicStatus.RECEIVED


def test_contact_and_description_are_ciphertext_in_the_database(
    file_report: ReportMaker,
) -> None:
    report, _code = file_report()

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT contact_name, contact_value, description, links"
            " FROM cases_report WHERE id = %s",
            [report.pk],
        )
        raw = cursor.fetchone()

    assert all(value.startswith("gAAAA") for value in raw)
    assert "Lina" not in "".join(raw)
    assert Report.objects.get(pk=report.pk).contact_name == "Lina Haddad"


def test_a_script_named_like_a_photo_is_refused_and_nothing_is_stored(
    file_report: ReportMaker, settings: object
) -> None:
    fake = Upload("holiday.jpg", b"#!/bin/sh\nrm -rf /\n" + b"x" * 100)

    with pytest.raises(EvidenceRefusedError, match=r"holiday\.jpg: this kind of file"):
        file_report([Upload("ok.png", photo_with_location("PNG")), fake])

    assert Report.objects.count() == 0
    assert Evidence.objects.count() == 0
    assert not any(settings.MARSAD_EVIDENCE_DIR.rglob("*.*"))


def test_a_truncated_image_is_refused(file_report: ReportMaker) -> None:
    photo = photo_with_location()

    with pytest.raises(EvidenceRefusedError, match="damaged"):
        file_report([Upload("cut.jpg", photo[: len(photo) // 2])])


def test_too_large_and_too_many_files_are_refused(
    file_report: ReportMaker, settings: object
) -> None:
    settings.MARSAD_UPLOAD_MAX_MB = 1
    big = Upload("big.pdf", b"%PDF-1.7\n" + b"0" * (1024 * 1024))
    photos = [Upload(f"{i}.jpg", photo_with_location()) for i in range(6)]

    with pytest.raises(EvidenceRefusedError, match="larger than 1 MB"):
        file_report([big])
    with pytest.raises(EvidenceRefusedError, match="at most 5 files"):
        file_report(photos)


def test_photo_is_kept_untouched_and_shared_without_location(
    file_report: ReportMaker,
) -> None:
    photo = photo_with_location()

    report, _code = file_report([Upload("screen.jpg", photo)])

    evidence = report.evidence.get()
    with evidence.original.open("rb") as handle:
        assert handle.read() == photo
    with evidence.shareable.open("rb") as handle, Image.open(handle) as copy:
        exif = copy.getexif()
        assert GPS_IFD not in exif
        assert 0x0110 not in exif
        assert copy.size == (64, 48)
    with Image.open(io.BytesIO(photo)) as original:
        assert GPS_IFD in original.getexif()
    assert evidence.content_type == "image/jpeg"
    assert evidence.size == len(photo)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"has_storage_consent": False}, "consent"),
        ({"violation_type": "gossip"}, "choose what happened"),
        ({"incident_date": date(2027, 1, 1)}, "future"),
        ({"description": "", "links": []}, "say what happened"),
        ({"contact_method": ""}, "how we should contact"),
    ],
)
def test_invalid_reports_say_what_to_fix(
    file_report: ReportMaker, changes: dict[str, object], message: str
) -> None:
    with pytest.raises(intake.ReportRefusedError, match=message):
        file_report(**changes)
    assert Report.objects.count() == 0


def test_reporter_adds_information_and_follows_the_case(
    file_report: ReportMaker, handler: User
) -> None:
    report, code = file_report()

    intake.add_to_report(
        report,
        text="They also blocked my page",
        uploads=[Upload("b.png", photo_with_location("PNG"))],
    )
    case = casework.open_case(report, actor=handler)

    found = intake.report_for_code(code)
    assert found is not None
    status = intake.status_of(found)
    assert status.status == PublicStatus.CHECKING
    assert status.n_additions == 1
    assert case.evidence.count() == 1
