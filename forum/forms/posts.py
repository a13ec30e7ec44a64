"""Forms for answering, replying, editing and the one-button post actions: shape only."""

from __future__ import annotations

from wtforms import SubmitField, TextAreaField

from . import Form

# The length rule (1 to POST_MAX_LENGTH) lives in services.posts, shared with the API.


class AnswerForm(Form):
    body = TextAreaField("Your answer", render_kw={"rows": 5})
    submit = SubmitField("Post")


class ReplyForm(Form):
    body = TextAreaField("Reply", render_kw={"rows": 4})
    submit = SubmitField("Post reply")


class EditForm(Form):
    body = TextAreaField("Edit your post", render_kw={"rows": 5})
    submit = SubmitField("Save changes")


class ActionForm(Form):
    """A button that changes something (vote, delete): only the CSRF token travels."""
