"""Forms for moderator actions and reports: shape only, the rules live in the services."""

from __future__ import annotations

from wtforms import BooleanField, HiddenField, IntegerField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, NumberRange, Optional

from . import Form, at_most, squash, strip
from ..limits import (
    REASON_MAX, REPORT_DETAILS_MAX, SLOW_MODE_SECONDS_MAX, SUSPENSION_DAYS_MAX, SUSPENSION_DAYS_MIN, out_of_range,
)
from ..models import ReportReason

REPORT_REASONS = [
    SelectChoice(ReportReason.SPAM.value, "Spam"),
    SelectChoice(ReportReason.HARASSMENT.value, "Harassment"),
    SelectChoice(ReportReason.OFF_TOPIC.value, "Off-topic"),
    SelectChoice(ReportReason.OTHER.value, "Other (say what below)"),
]


class WholeNumberField(IntegerField):
    """An IntegerField whose complaint about "ten" or "1.5" reads like a person wrote it."""

    def process_formdata(self, valuelist: list[str]) -> None:
        if valuelist and valuelist[0].strip() and not valuelist[0].strip().isdigit():
            self.data = None
            raise ValueError("Enter a whole number, like 7.")
        super().process_formdata([value.strip() for value in valuelist])


class ModerationForm(Form):
    """A moderator action with an optional reason; ``next`` brings the moderator back."""

    reason = StringField("Reason", validators=[at_most(REASON_MAX, "the reason")], filters=[squash])
    next = HiddenField()


class RemovePostForm(ModerationForm):
    reason = StringField("Reason", validators=[
        DataRequired("Give a reason; readers will see it."), at_most(REASON_MAX, "the reason")], filters=[squash])


class SlowModeForm(ModerationForm):
    seconds = WholeNumberField("Seconds between posts", validators=[
        InputRequired("Enter a number of seconds; 0 turns slow mode off."),
        NumberRange(0, SLOW_MODE_SECONDS_MAX, out_of_range("seconds", 0, SLOW_MODE_SECONDS_MAX))])


class SuspendForm(ModerationForm):
    days = WholeNumberField("Days", validators=[
        InputRequired("Enter how many days the suspension lasts."),
        NumberRange(SUSPENSION_DAYS_MIN, SUSPENSION_DAYS_MAX,
                    out_of_range("days", SUSPENSION_DAYS_MIN, SUSPENSION_DAYS_MAX))])
    reason = StringField("Reason", validators=[
        DataRequired("Give a reason; the member will see it."), at_most(REASON_MAX, "the reason")],
        filters=[squash])


class ResolveReportForm(ModerationForm):
    remove = BooleanField("Remove the post")


class ThreadChoiceField(SelectField):
    """A thread picked from a list the view fills in.

    The service, not the list, has the last word: a thread locked since the page
    loaded is refused with its reason, rather than as "not a valid choice".
    """

    def __init__(self, label: str, message: str = "Choose a thread.", **kwargs) -> None:
        super().__init__(label, coerce=int, validate_choice=False, validators=[InputRequired(message)], **kwargs)

    def process_formdata(self, valuelist: list[str]) -> None:
        if valuelist and valuelist[0].strip() and not valuelist[0].strip().isdigit():
            self.data = None
            raise ValueError("Choose one of the threads listed.")
        super().process_formdata([value.strip() for value in valuelist])


class MovePostForm(ModerationForm):
    thread_id = ThreadChoiceField("Move to", "Choose the thread to move it to.")


class MergeThreadForm(ModerationForm):
    thread_id = ThreadChoiceField("Merge into", "Choose the thread to merge it into.")


class ReportForm(Form):
    reason = RadioField("Reason", choices=REPORT_REASONS, validators=[InputRequired("Choose a reason.")])
    details = TextAreaField("Details", validators=[Optional(), at_most(REPORT_DETAILS_MAX, "the details")], filters=[strip])
