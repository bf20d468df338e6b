"""Who may see and do what in the observatory (one place, used by views and API).

Case staff (case handlers and admins) see every case's non-personal facts, so
that work can be triaged and shared out. Personal data (reporters' names and
contacts, what they wrote, notes, evidence) opens only to the handlers assigned
to the case and to holders of `cases.view_personal_data` (admins); every such
read is in the audit log.
"""

from django.core.exceptions import PermissionDenied

from marsad.cases.models import Case, Report
from marsad.core.models import User


def is_case_staff(user: User) -> bool:
    return user.is_active and user.has_perm("cases.view_case")


def can_read_personal_data(user: User, case: Case) -> bool:
    if not is_case_staff(user):
        return False
    if user.has_perm("cases.view_personal_data"):
        return True
    return case.assignees.filter(pk=user.pk).exists()


def can_read_report(user: User, report: Report) -> bool:
    """A report not yet in a case is read by any case staff member to triage it."""
    if report.case_id is None:
        return is_case_staff(user)
    return can_read_personal_data(user, report.case)  # type: ignore[arg-type]


def require_case_staff(user: User) -> None:
    if not is_case_staff(user):
        raise PermissionDenied(f"{user.get_username()} does not work on cases")


def require_personal_access(user: User, case: Case) -> None:
    if not can_read_personal_data(user, case):
        raise PermissionDenied(
            f"{user.get_username()} is not assigned to case {case.reference}"
        )
