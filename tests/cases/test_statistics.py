from datetime import date

import pytest

from marsad.cases.enums import CaseStatus
from marsad.cases.models import Case, Escalation
from marsad.cases.statistics import case_statistics, suppress
from marsad.core.models import User
from tests.cases.conftest import ReportMaker

pytestmark = [pytest.mark.integration]


def test_small_cells_are_hidden_and_one_more_when_the_total_would_reveal_them() -> None:
    shown, total = suppress({"a": 9, "b": 2, "c": 6, "d": 0}, 5)

    assert shown == {"a": 9, "b": None, "c": None, "d": 0}
    assert total == 17


def test_a_table_of_only_small_counts_shows_nothing() -> None:
    assert suppress({"a": 1, "b": 3}, 5) == ({"a": None, "b": None}, None)


def _documented(
    file_report: ReportMaker,
    actor: User,
    *,
    n: int,
    consent: bool = True,
    **fields: str,
) -> None:
    for _ in range(n):
        report, _code = file_report(has_statistics_consent=consent)
        case = Case.objects.create(
            title="t",
            violation_type=fields.get("violation_type", "content_removed"),
            platform=fields.get("platform", "instagram"),
            status=fields.get("status", CaseStatus.RESOLVED),
            outcome=fields.get("outcome", ""),
            incident_date=date(2026, 10, 3),
        )
        report.case = case
        report.save()
        if fields.get("outcome"):
            Escalation.objects.create(
                case=case,
                platform=case.platform,
                channel="email",
                sent_on=date(2026, 10, 5),
                outcome=fields["outcome"],
                created_by=actor,
            )


def test_public_figures_count_consenting_documented_cases_only(
    file_report: ReportMaker, handler: User
) -> None:
    _documented(file_report, handler, n=6, outcome="content_restored")
    _documented(file_report, handler, n=4, outcome="no_action")
    _documented(file_report, handler, n=3, consent=False, outcome="no_action")
    _documented(file_report, handler, n=2, status=CaseStatus.REJECTED)
    _documented(file_report, handler, n=2, platform="x", violation_type="doxxing")

    public = case_statistics(min_count=5)
    staff = case_statistics(min_count=None)

    platforms = {c.key: c.count for c in public.tables["platform"].cells}
    assert platforms["instagram"] is None  # 10, hidden with x's 2 (secondary)
    assert platforms["x"] is None
    assert public.tables["platform"].total == 12
    assert {c.key: c.count for c in public.tables["month"].cells} == {"2026-10": 12}
    assert public.remedied_share is None  # 4 "no action" would be revealed
    assert staff.remedied_share == 0.6
    assert {c.key: c.count for c in staff.tables["outcome"].cells}["no_action"] == 4
