import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from marsad.cases import receipts
from marsad.cases.models import Evidence, Report
from tests.cases.conftest import photo_with_location

pytestmark = [pytest.mark.integration]


def form_data(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "violation_type": "account_restricted",
        "platform": "facebook",
        "links": "https://facebook.example/groups/1\nhttps://facebook.example/p/2",
        "incident_date": "2026-10-30",
        "description": "נחסם החשבון של הקבוצה אחרי פוסט על ההפגנה",
        "wants_contact": "on",
        "contact_method": "email",
        "contact_value": "reporter@example.org",
        "has_storage_consent": "on",
        "has_statistics_consent": "on",
        "website": "",
    }
    data.update(changes)
    return data


def photo_upload(name: str = "screen.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, photo_with_location(), "image/jpeg")


def test_report_is_filed_and_the_receipt_shown_once(client: Client, db: None) -> None:
    response = client.post(
        "/report/",
        {**form_data(), "attachments": [photo_upload()]},
        HTTP_ACCEPT_LANGUAGE="he",
    )

    assert response.status_code == 302
    thanks = client.get(response["Location"])
    code = thanks.context["code"]
    report = Report.objects.get()
    assert report.receipt_digest == receipts.digest(code)
    assert report.language == "he"
    assert report.link_list == [
        "https://facebook.example/groups/1",
        "https://facebook.example/p/2",
    ]
    assert Evidence.objects.filter(report=report).count() == 1
    assert client.get("/report/thanks/").status_code == 302  # the code is gone
    status = client.post("/report/status/", {"code": code.lower()})
    assert status.context["report_status"].status == "received"


def test_fake_image_is_refused_in_arabic_and_what_was_typed_is_kept(
    client: Client, db: None
) -> None:
    fake = SimpleUploadedFile("photo.jpg", b"MZ\x90\x00" + b"\x00" * 200, "image/jpeg")

    response = client.post(
        "/report/", {**form_data(), "attachments": [fake]}, HTTP_ACCEPT_LANGUAGE="ar"
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "photo.jpg: هذا النوع من الملفات غير مقبول" in html
    assert "נחסם החשבון של הקבוצה" in html
    assert "reporter@example.org" in html
    assert Report.objects.count() == 0


def test_missing_consent_and_bad_link_are_shown_next_to_their_fields(
    client: Client, db: None
) -> None:
    data = form_data(links="not a link", has_storage_consent="")

    response = client.post("/report/", data, HTTP_ACCEPT_LANGUAGE="en")

    errors = response.context["form"].errors
    assert errors["links"] == ["Line 1 is not a web address: not a link"]
    assert errors["has_storage_consent"] == [
        "We can only accept the report with this consent."
    ]
    assert Report.objects.count() == 0


def test_honeypot_refuses_the_report_and_says_how_to_fix_it(
    client: Client, db: None
) -> None:
    response = client.post("/report/", form_data(website="http://spam.example"))

    assert response.status_code == 400
    assert "Leave this field empty" in response.content.decode()
    assert Report.objects.count() == 0


def test_an_address_over_the_limit_is_refused_but_others_still_get_through(
    client: Client, db: None, settings: object
) -> None:
    settings.MARSAD_REPORTS_PER_HOUR = 3
    settings.MARSAD_TRUSTED_PROXIES = ["127.0.0.1"]
    flood = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.9"}

    codes = [
        client.post("/report/", form_data(), **flood).status_code for _ in range(5)
    ]
    other = client.post(
        "/report/",
        form_data(),
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="198.51.100.7",
    )

    assert codes == [302, 302, 302, 429, 429]
    assert other.status_code == 302
    assert Report.objects.count() == 4


def test_a_forwarded_address_from_an_untrusted_peer_is_ignored(
    client: Client, db: None, settings: object
) -> None:
    settings.MARSAD_REPORTS_PER_HOUR = 1
    for forged in ("192.0.2.1", "192.0.2.2"):
        response = client.post(
            "/report/", form_data(), REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR=forged
        )
    assert response.status_code == 429


def test_reporter_adds_a_file_with_the_receipt_code(client: Client, db: None) -> None:
    client.post("/report/", form_data())
    code = client.get("/report/thanks/").context["code"]

    response = client.post(
        "/report/status/add/",
        {
            "code": code,
            "text": "They deleted a second post",
            "attachments": [photo_upload()],
        },
    )

    assert response.status_code == 200
    assert response.context["report_status"].n_additions == 1
    assert Report.objects.get().evidence.count() == 1


def test_unknown_code_says_to_check_it(client: Client, db: None) -> None:
    response = client.post("/report/status/", {"code": receipts.new_code()})

    assert response.status_code == 404
    assert "No report has this code" in response.content.decode()


def test_the_form_is_protected_by_csrf(db: None) -> None:
    strict = Client(enforce_csrf_checks=True)

    assert strict.post("/report/", form_data()).status_code == 403
    assert Report.objects.count() == 0
