"""Synthetic observatory data for `marsad demo`, built through the services.

Every name, number and text is invented. Reports are filed as the public would,
then worked by the demo case handler up to their outcomes, so that the inbox,
the cases, the timeline and the statistics all have something to show.
"""

import io
from datetime import date, timedelta

from django.db import transaction
from PIL import Image, ImageDraw

from marsad.cases.enums import CaseStatus, ChecklistItem
from marsad.cases.models import Report
from marsad.cases.services import casework, intake
from marsad.cases.services.evidence import Upload
from marsad.core.models import User

# (violation, platform, language, description, outcome or None for "leave open")
DEMO_REPORTS = [
    (
        "content_removed",
        "instagram",
        "ar",
        "حذفت إنستغرام صورتي من الوقفة في الحي",
        "content_restored",
    ),
    (
        "content_removed",
        "instagram",
        "ar",
        "حُذف فيديو عن هدم البيت بحجة العنف",
        "content_restored",
    ),
    (
        "content_removed",
        "facebook",
        "ar",
        "أزالوا منشورًا يوثق اعتقال طالب",
        "no_action",
    ),
    (
        "content_removed",
        "instagram",
        "en",
        "A story about the checkpoint was taken down",
        "content_restored",
    ),
    (
        "content_removed",
        "facebook",
        "he",
        "הפוסט שלי על ההפגנה נמחק תוך שעה",
        "content_restored",
    ),
    ("content_removed", "instagram", "ar", "حذف منشور فيه علم وصورة شهيد", "no_action"),
    (
        "account_restricted",
        "facebook",
        "ar",
        "تقييد صفحة الجمعية ثلاثين يومًا",
        "account_restored",
    ),
    (
        "account_restricted",
        "instagram",
        "en",
        "Journalist account suspended without reason",
        "account_restored",
    ),
    (
        "account_restricted",
        "x",
        "ar",
        "تعليق حساب ناشطة بعد تغريدة عن الأسرى",
        "no_action",
    ),
    ("hate_speech", "x", "he", "תגובות גזעניות נגד ערבים תחת כתבה", "content_removed"),
    (
        "hate_speech",
        "facebook",
        "ar",
        "صفحة تنشر شتائم عنصرية ضد العمال",
        "content_removed",
    ),
    (
        "incitement",
        "telegram",
        "he",
        "קבוצה שקוראת לתקוף את המשתתפים בעצרת",
        "content_removed",
    ),
    ("doxxing", "x", "ar", "نشروا عنوان بيتي ورقم هاتفي", None),
    (
        "reach_reduced",
        "instagram",
        "ar",
        "انخفاض مفاجئ في مشاهدات الحساب بعد منشور",
        None,
    ),
    (
        "discrimination",
        "paypal",
        "en",
        "PayPal refused an account for a Ramallah address",
        None,
    ),
    ("hacked_account", "whatsapp", "ar", "سُرق حساب واتساب لمنسقة الحملة", None),
]
DAY_ZERO = date(2026, 9, 1)


def _screenshot(text: str) -> bytes:
    image = Image.new("RGB", (360, 200), (245, 245, 245))
    ImageDraw.Draw(image).text((12, 90), text, fill=(20, 20, 20))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _work(report: Report, outcome: str, handler: User, sent_on: date) -> None:
    case = casework.open_case(report, actor=handler)
    casework.change_status(case, status=CaseStatus.VERIFYING, actor=handler)
    casework.set_checklist(case, done=ChecklistItem.values, actor=handler)
    casework.change_status(case, status=CaseStatus.VERIFIED, actor=handler)
    escalation = casework.escalate_case(
        case,
        platform=report.platform,
        channel="trusted_partner",
        sent_on=sent_on,
        reference=f"DEMO-{report.pk:04d}",
        actor=handler,
    )
    casework.record_response(
        escalation,
        outcome=outcome,
        responded_on=sent_on + timedelta(days=4),
        actor=handler,
    )
    casework.change_status(
        case, status=CaseStatus.RESOLVED, outcome=outcome, actor=handler
    )


@transaction.atomic
def load_demo_cases(handler: User) -> int:
    """File and work the demo reports once; returns how many were filed now."""
    if Report.objects.exists():
        return 0
    for number, (violation, platform, lang, text, outcome) in enumerate(DEMO_REPORTS):
        incident = DAY_ZERO + timedelta(days=5 * number)
        report, _code = intake.submit_report(
            intake.ReportInput(
                violation_type=violation,
                platform=platform,
                language=lang,
                links=[f"https://{platform}.example/demo/{number}"],
                incident_date=incident,
                description=text,
                wants_contact=number % 3 == 0,
                contact_name=f"Demo reporter {number}" if number % 3 == 0 else "",
                contact_method="signal" if number % 3 == 0 else "",
                contact_value=f"+000 0000 {number:04d}" if number % 3 == 0 else "",
                has_storage_consent=True,
                has_statistics_consent=number != 5,
            ),
            uploads=[Upload(f"demo-{number}.png", _screenshot(f"demo {number}"))],
            today=date.today(),  # noqa: DTZ011  (the demo's own clock)
        )
        if outcome is not None:
            _work(report, outcome, handler, incident + timedelta(days=2))
    return len(DEMO_REPORTS)
