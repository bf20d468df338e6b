"""Forms of the public report page and of staff casework.

The public form checks what it can field by field, so that each problem is shown
next to what the reporter typed, in their language; the service checks again.
"""

from datetime import date
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from marsad.cases.enums import (
    CaseStatus,
    ChecklistItem,
    ContactMethod,
    EscalationChannel,
    Outcome,
    Platform,
    ViolationType,
)
from marsad.cases.services.evidence import Upload
from marsad.cases.services.intake import MAX_LINKS, MAX_TEXT, ReportInput

ACCEPT = "image/jpeg,image/png,image/webp,image/gif,application/pdf,video/*,audio/*"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one input; each is checked by its content in the service."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        items = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(i, initial) for i in items if i]


def uploads_of(files: list[UploadedFile]) -> list[Upload]:
    return [Upload(name=f.name or "file", data=f.read()) for f in files]


def _split_links(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class ReportForm(forms.Form):
    violation_type = forms.ChoiceField(
        label=_("What happened?"),
        choices=ViolationType.choices,
        widget=forms.RadioSelect,
    )
    platform = forms.ChoiceField(
        label=_("Where?"), choices=[("", "—"), *Platform.choices]
    )
    links = forms.CharField(
        label=_("Links"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "ltr", "inputmode": "url"}),
        help_text=_("One address per line: the post, the account, the message."),
    )
    incident_date = forms.DateField(
        label=_("When did it happen?"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    description = forms.CharField(
        label=_("Tell us what happened"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 6, "dir": "auto"}),
    )
    attachments = MultipleFileField(label=_("Screenshots or files"))
    wants_contact = forms.BooleanField(
        label=_("I want to be contacted about this report"), required=False
    )
    contact_name = forms.CharField(
        label=_("Name (optional, may be a nickname)"), required=False, max_length=200
    )
    contact_method = forms.ChoiceField(
        label=_("Contact me by"),
        required=False,
        choices=[("", "—"), *ContactMethod.choices],
    )
    contact_value = forms.CharField(
        label=_("Email address or number"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"dir": "ltr"}),
    )
    has_storage_consent = forms.BooleanField(
        label=_(
            "I agree that the organisation stores this report and its files to "
            "document it and act on it"
        ),
        error_messages={
            "required": _("We can only accept the report with this consent.")
        },
    )
    has_statistics_consent = forms.BooleanField(
        label=_("It may be counted in anonymised public statistics"), required=False
    )
    # A field people never see: bots fill every input they find.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attachments"].help_text = _(
            "Images, PDF, video or audio; up to %(count)d files of %(size)d MB each."
        ) % {
            "count": settings.MARSAD_UPLOAD_MAX_FILES,
            "size": settings.MARSAD_UPLOAD_MAX_MB,
        }

    def clean_links(self) -> list[str]:
        links = _split_links(self.cleaned_data["links"])
        if len(links) > MAX_LINKS:
            raise ValidationError(
                _("Give at most %(count)d links."), params={"count": MAX_LINKS}
            )
        check = URLValidator(schemes=["http", "https"])
        for number, link in enumerate(links, start=1):
            try:
                check(link)
            except ValidationError:
                raise ValidationError(
                    _("Line %(line)d is not a web address: %(link)s"),
                    params={"line": number, "link": link[:100]},
                ) from None
        return links

    def clean_incident_date(self) -> date | None:
        day = self.cleaned_data["incident_date"]
        if day is not None and day > timezone.localdate():
            raise ValidationError(_("This date is in the future."))
        return day

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("website"):
            raise ValidationError(
                _("Leave the field “Leave this field empty” empty, then send again.")
            )
        if not data.get("description", "").strip() and not data.get("links"):
            self.add_error(
                "description", _("Tell us what happened, or give at least one link.")
            )
        if data.get("wants_contact"):
            if not data.get("contact_method"):
                self.add_error("contact_method", _("Choose how we should contact you."))
            if not data.get("contact_value", "").strip():
                self.add_error(
                    "contact_value", _("Give the address or number to contact.")
                )
        return data

    def report_input(self, language: str) -> ReportInput:
        data = self.cleaned_data
        return ReportInput(
            violation_type=data["violation_type"],
            platform=data["platform"],
            language=language,
            links=data["links"],
            incident_date=data["incident_date"],
            description=data["description"],
            wants_contact=data["wants_contact"],
            contact_name=data["contact_name"],
            contact_method=data["contact_method"],
            contact_value=data["contact_value"],
            has_storage_consent=data["has_storage_consent"],
            has_statistics_consent=data["has_statistics_consent"],
        )


class ReceiptForm(forms.Form):
    code = forms.CharField(
        label=_("Receipt code"),
        max_length=40,
        widget=forms.TextInput(
            attrs={"dir": "ltr", "autocomplete": "off", "autocapitalize": "characters"}
        ),
    )


class AdditionForm(forms.Form):
    code = forms.CharField(widget=forms.HiddenInput, max_length=40)
    text = forms.CharField(
        label=_("What would you like to add?"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"}),
    )
    attachments = MultipleFileField(label=_("More screenshots or files"))


# Staff forms


class OpenCaseForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, required=False)


class MergeForm(forms.Form):
    case = forms.IntegerField(label=_("Case number"), min_value=1)


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=CaseStatus.choices)
    outcome = forms.ChoiceField(
        label=_("Outcome"), required=False, choices=[("", "—"), *Outcome.choices]
    )


class ChecklistForm(forms.Form):
    done = forms.MultipleChoiceField(
        label=_("Verification checklist"),
        required=False,
        choices=ChecklistItem.choices,
        widget=forms.CheckboxSelectMultiple,
    )


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"})
    )


class TagsForm(forms.Form):
    tags = forms.CharField(
        label=_("Tags"), required=False, help_text=_("Separated by commas.")
    )


class EscalationForm(forms.Form):
    platform = forms.ChoiceField(label=_("Platform"), choices=Platform.choices)
    channel = forms.ChoiceField(label=_("Channel"), choices=EscalationChannel.choices)
    sent_on = forms.DateField(
        label=_("Sent on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    reference = forms.CharField(
        label=_("Platform's reference"), required=False, max_length=200
    )


class ResponseForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Outcome.choices)
    responded_on = forms.DateField(
        label=_("Answered on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    response = forms.CharField(
        label=_("Response"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
    )


class EvidenceFileForm(forms.Form):
    file = forms.FileField(label=_("File"))


class CaptureLinkForm(forms.Form):
    url = forms.URLField(label=_("Address to capture"), assume_scheme="https")


class AssignForm(forms.Form):
    handlers: forms.ModelMultipleChoiceField = forms.ModelMultipleChoiceField(
        label=_("Handlers"), queryset=None, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from marsad.cases.queries import case_handlers

        super().__init__(*args, **kwargs)
        self.fields["handlers"].queryset = case_handlers()  # type: ignore[attr-defined]
