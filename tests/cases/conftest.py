"""Fixtures of the observatory: real images with metadata, reports, cases."""

import io
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from marsad.cases.models import Case, Report
from marsad.cases.services import casework, intake
from marsad.cases.services.evidence import Upload
from marsad.core.enums import Role
from marsad.core.models import User
from tests.conftest import StaffMaker

GPS_IFD = 0x8825


@pytest.fixture(autouse=True)
def _own_evidence_folder(settings: Any, tmp_path: Path) -> None:
    """Each test sees only the evidence files it wrote."""
    folder = tmp_path / "evidence"
    settings.MARSAD_EVIDENCE_DIR = folder
    settings.STORAGES = {
        **settings.STORAGES,
        "evidence": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": folder, "base_url": None},
        },
    }


def photo_with_location(fmt: str = "JPEG") -> bytes:
    """A small photo carrying GPS coordinates and a camera model, as phones write."""
    image = Image.new("RGB", (64, 48), (200, 30, 30))
    exif = Image.Exif()
    exif[0x0110] = "Pixel 8 Pro"  # camera model
    exif[0x010F] = "Google"  # make
    exif[GPS_IFD] = {1: "N", 2: (31.0, 46.0, 12.5), 3: "E", 4: (35.0, 13.0, 5.0)}
    out = io.BytesIO()
    image.save(out, format=fmt, exif=exif)
    return out.getvalue()


def report_input(**changes: object) -> intake.ReportInput:
    values: dict[str, object] = {
        "violation_type": "content_removed",
        "platform": "instagram",
        "language": "ar",
        "links": ["https://instagram.example/p/abc"],
        "incident_date": date(2026, 10, 3),
        "description": "حذفوا منشوري عن الحي",
        "wants_contact": True,
        "contact_name": "Lina Haddad",
        "contact_method": "signal",
        "contact_value": "+972 50 000 0000",
        "has_storage_consent": True,
        "has_statistics_consent": True,
    }
    values.update(changes)
    return intake.ReportInput(**values)  # type: ignore[arg-type]


ReportMaker = Callable[..., tuple[Report, str]]


@pytest.fixture
def file_report(db: None) -> ReportMaker:
    def make(
        uploads: list[Upload] | None = None, **changes: object
    ) -> tuple[Report, str]:
        return intake.submit_report(
            report_input(**changes), uploads=uploads or [], today=date(2026, 11, 1)
        )

    return make


@pytest.fixture
def handler(make_staff: StaffMaker) -> User:
    return make_staff("hana", [Role.CASE_HANDLER])[0]


@pytest.fixture
def other_handler(make_staff: StaffMaker) -> User:
    return make_staff("omar", [Role.CASE_HANDLER])[0]


@pytest.fixture
def case(file_report: ReportMaker, handler: User) -> Case:
    report, _code = file_report([Upload("screen.jpg", photo_with_location())])
    return casework.open_case(report, actor=handler, title="Post removed")
