"""Evidence: files and captured links, fixed by hash, with a chain of custody.

Files are written before the database rows that name them, each to a temporary
name then renamed, so a crash leaves no half-written file under a real name; if
the rows are not stored, the new files are deleted again. Names are the SHA-256
of the content, so the same screenshot sent twice is stored once.
"""

import hashlib
import json
import os
import tempfile
import urllib.error
import urllib.request
import zipfile
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from django.conf import settings
from django.core.files.storage import Storage
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from marsad.cases import uploads as checks
from marsad.cases.access import require_personal_access
from marsad.cases.enums import EventKind, EvidenceKind
from marsad.cases.models import Case, CaseEvent, Evidence, Report, evidence_storage
from marsad.core.audit import events_for_object, record_event
from marsad.core.enums import AuditAction
from marsad.core.models import AuditEvent, User

MAX_CAPTURE_BYTES = 20 * 1024 * 1024
CAPTURE_TIMEOUT_S = 15


class EvidenceRefusedError(ValueError):
    """A file or link cannot be kept as evidence; the message says why."""


@dataclass(frozen=True)
class Upload:
    """A file as it arrived: its name as the sender gave it, and its bytes."""

    name: str
    data: bytes


@dataclass(frozen=True)
class StagedFile:
    original: str
    shareable: str
    sha256: str
    size: int
    content_type: str
    original_name: str


def _refusal(reason: str) -> str:
    return {
        "empty": _("the file is empty"),
        "type": _(
            "this kind of file is not accepted; send an image, PDF, video or audio file"
        ),
        "too_large": _("the image is too large"),
        "damaged": _("the image is damaged or incomplete"),
    }[reason]


def check_uploads(uploads: list[Upload]) -> list[checks.CheckedFile]:
    """Refuse the whole submission if one file is too big, too many or not allowed.

    Messages are in the active language: the public form shows them as they are.
    """
    limit = settings.MARSAD_UPLOAD_MAX_MB * 1024 * 1024
    if len(uploads) > settings.MARSAD_UPLOAD_MAX_FILES:
        raise EvidenceRefusedError(
            _("at most %(count)d files can be sent at once")
            % {"count": settings.MARSAD_UPLOAD_MAX_FILES}
        )
    checked = []
    for upload in uploads:
        if len(upload.data) > limit:
            raise EvidenceRefusedError(
                _("%(name)s: larger than %(size)d MB")
                % {"name": upload.name, "size": settings.MARSAD_UPLOAD_MAX_MB}
            )
        try:
            checked.append(checks.sniff(upload.data))
        except checks.UploadRefusedError as exc:
            raise EvidenceRefusedError(
                _("%(name)s: %(reason)s")
                % {"name": upload.name, "reason": _refusal(exc.reason)}
            ) from None
    return checked


def _write(storage: Storage, name: str, data: bytes) -> bool:
    """Write `data` under `name` atomically; False if that content was there already."""
    path = Path(storage.path(name))
    if path.exists():
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=".incoming-")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        Path(temp).replace(path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return True


@contextmanager
def staged_files(
    items: list[tuple[Upload, str]], *, strip: bool = True
) -> Iterator[list[StagedFile]]:
    """Write each (upload, content type) and its shareable copy; undo on error."""
    storage = evidence_storage()
    written: list[str] = []
    staged = []
    try:
        for upload, content_type in items:
            sha = hashlib.sha256(upload.data).hexdigest()
            ext = checks.ALLOWED_TYPES.get(content_type, ".bin")
            original = f"originals/{sha[:2]}/{sha}{ext}"
            if _write(storage, original, upload.data):
                written.append(original)
            shareable = ""
            if strip and content_type in checks.IMAGE_TYPES:
                shareable = f"shareable/{sha[:2]}/{sha}{ext}"
                copy = checks.shareable_copy(upload.data, content_type)
                if _write(storage, shareable, copy):
                    written.append(shareable)
            staged.append(
                StagedFile(
                    original=original,
                    shareable=shareable,
                    sha256=sha,
                    size=len(upload.data),
                    content_type=content_type,
                    original_name=upload.name[:255],
                )
            )
        yield staged
    except BaseException:
        for name in written:
            storage.delete(name)
        raise


def _evidence_rows(
    staged: list[StagedFile],
    *,
    kind: EvidenceKind = EvidenceKind.FILE,
    case: Case | None = None,
    report: Report | None = None,
    actor: User | None = None,
    url: str = "",
) -> list[Evidence]:
    rows = []
    for item in staged:
        evidence = Evidence.objects.create(
            kind=kind,
            case=case,
            report=report,
            original=item.original,
            shareable=item.shareable,
            sha256=item.sha256,
            size=item.size,
            content_type=item.content_type,
            original_name=item.original_name,
            url=url,
            added_by=actor,
        )
        record_event(
            actor=actor,
            action=AuditAction.CREATE,
            target=evidence,
            actor_username="" if actor else "public",
            detail={"sha256": item.sha256, "size": item.size},
        )
        rows.append(evidence)
    return rows


def staged_uploads(uploads: list[Upload]) -> "AbstractContextManager[list[StagedFile]]":
    """Check files from the public and write them; undone if the caller fails."""
    kinds = check_uploads(uploads)
    return staged_files(
        [(u, k.content_type) for u, k in zip(uploads, kinds, strict=True)]
    )


def attach_uploads(staged: list[StagedFile], *, report: Report) -> list[Evidence]:
    """Evidence rows for files a reporter sent (call in the report's transaction)."""
    return _evidence_rows(staged, report=report, case=report.case)


def add_file_evidence(
    case: Case, *, upload: Upload, actor: User, request: HttpRequest | None = None
) -> Evidence:
    """A file staff add to a case (same checks as the public's)."""
    require_personal_access(actor, case)
    (kind,) = check_uploads([upload])
    with staged_files([(upload, kind.content_type)]) as staged, transaction.atomic():
        (evidence,) = _evidence_rows(staged, case=case, actor=actor)
        _timeline(case, actor, evidence)
    return evidence


def _timeline(case: Case, actor: User, evidence: Evidence) -> None:
    CaseEvent.objects.create(
        case=case,
        actor=actor,
        kind=EventKind.EVIDENCE,
        detail={"evidence": evidence.pk, "sha256": evidence.sha256},
    )


def _fetch(url: str) -> tuple[bytes, str]:
    if not url.lower().startswith(("http://", "https://")):
        raise EvidenceRefusedError(
            "only http:// and https:// addresses can be captured"
        )
    request = urllib.request.Request(  # noqa: S310  (scheme checked above)
        url, headers={"User-Agent": "Marsad evidence capture"}
    )
    try:
        with urllib.request.urlopen(  # noqa: S310
            request, timeout=CAPTURE_TIMEOUT_S
        ) as response:
            body = response.read(MAX_CAPTURE_BYTES + 1)
            content_type = response.headers.get_content_type()
    except urllib.error.HTTPError as exc:
        exc.close()
        raise EvidenceRefusedError(f"{url}: could not be fetched ({exc})") from None
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise EvidenceRefusedError(f"{url}: could not be fetched ({exc})") from None
    if len(body) > MAX_CAPTURE_BYTES:
        raise EvidenceRefusedError(
            f"{url}: larger than {MAX_CAPTURE_BYTES // 2**20} MB"
        )
    return body, content_type


def capture_link(
    case: Case, *, url: str, actor: User, request: HttpRequest | None = None
) -> Evidence:
    """Fetch the page at `url` now and keep its bytes, hash and time as evidence.

    Pages change and posts are deleted: the capture proves what the address
    served when staff looked. The bytes are kept as served, unfiltered.
    """
    require_personal_access(actor, case)
    body, content_type = _fetch(url.strip())
    upload = Upload(name=url.strip(), data=body)
    with (
        staged_files([(upload, content_type)], strip=False) as staged,
        transaction.atomic(),
    ):
        (evidence,) = _evidence_rows(
            staged, kind=EvidenceKind.LINK, case=case, actor=actor, url=url.strip()
        )
        _timeline(case, actor, evidence)
    return evidence


def open_evidence(
    evidence: Evidence,
    *,
    copy: str,
    actor: User,
    request: HttpRequest | None = None,
) -> IO[bytes]:
    """The file of one evidence item, for an allowed reader; the read is logged."""
    case = evidence.case
    if case is None:
        raise EvidenceRefusedError("this evidence belongs to no case yet")
    require_personal_access(actor, case)
    field = evidence.shareable if copy == "shareable" and evidence.shareable else None
    field = field or evidence.original
    record_event(
        actor=actor,
        action=AuditAction.VIEW,
        target=evidence,
        request=request,
        detail={"copy": "shareable" if field is evidence.shareable else "original"},
    )
    return field.open("rb")


def custody_trail(evidence: Evidence) -> list[AuditEvent]:
    """Every recorded arrival, read and export of one item, oldest first."""
    return list(events_for_object(evidence).order_by("created_at", "id"))


def _manifest_entry(evidence: Evidence, path: str, shareable: str) -> dict[str, object]:
    return {
        "id": str(evidence),
        "kind": evidence.kind,
        "file": path,
        "shareable_copy": shareable or None,
        "sha256": evidence.sha256,
        "size": evidence.size,
        "content_type": evidence.content_type,
        "received_at": evidence.received_at.isoformat(),
        "source_name": evidence.original_name,
        "url": evidence.url or None,
    }


def export_evidence_zip(
    case: Case, *, actor: User, request: HttpRequest | None = None
) -> IO[bytes]:
    """A ZIP of the case's evidence with `manifest.json` and `SHA256SUMS`.

    `sha256sum -c SHA256SUMS` inside the unpacked folder proves each original is
    the file received. Every exported item gets an export event in its trail.
    """
    require_personal_access(actor, case)
    items = list(case.evidence.order_by("received_at", "id"))
    out = tempfile.SpooledTemporaryFile(max_size=32 * 1024 * 1024)  # noqa: SIM115
    sums, manifest = [], []
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for evidence in items:
            name = Path(evidence.original.name or "").name
            path = f"originals/{evidence.pk:05d}-{name}"
            with evidence.original.open("rb") as handle:
                archive.writestr(path, handle.read())
            sums.append(f"{evidence.sha256}  {path}")
            shareable = ""
            if evidence.shareable:
                shareable = f"shareable/{evidence.pk:05d}-{name}"
                with evidence.shareable.open("rb") as handle:
                    archive.writestr(shareable, handle.read())
            manifest.append(_manifest_entry(evidence, path, shareable))
        header = {
            "case": case.reference,
            "exported_at": timezone.now().isoformat(),
            "exported_by": actor.get_username(),
            "items": manifest,
        }
        archive.writestr(
            "manifest.json", json.dumps(header, ensure_ascii=False, indent=2)
        )
        archive.writestr("SHA256SUMS", "\n".join(sums) + ("\n" if sums else ""))
    with transaction.atomic():
        record_event(
            actor=actor,
            action=AuditAction.EXPORT,
            target=case,
            request=request,
            detail={"evidence": len(items)},
        )
        for evidence in items:
            record_event(
                actor=actor, action=AuditAction.EXPORT, target=evidence, request=request
            )
    out.seek(0)
    return out
