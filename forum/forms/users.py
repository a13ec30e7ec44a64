"""Forms for a member's own profile and settings (email, password): shape only."""

from __future__ import annotations

from wtforms import EmailField, PasswordField, RadioField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length

from . import Form, at_most, squash
from ..limits import BIO_MAX, DISPLAY_NAME_MAX, EMAIL_MAX
from .auth import new_password, password_again


class ProfileForm(Form):
    display_name = StringField("Display name", validators=[at_most(DISPLAY_NAME_MAX, "the display name")],
                               filters=[squash], render_kw={"autocomplete": "name"})
    bio = TextAreaField("Bio", validators=[at_most(BIO_MAX, "the bio")], render_kw={"rows": 5})
    submit = SubmitField("Save profile")


class EmailForm(Form):
    email = EmailField("New email", validators=[DataRequired(), Length(max=EMAIL_MAX)],
                       render_kw={"autocomplete": "email"})
    # Its own id: the password form on the same page has a "current_password" too.
    current_password = PasswordField("Current password", validators=[DataRequired()],
                                     id="email-current-password",
                                     render_kw={"autocomplete": "current-password"})
    submit = SubmitField("Change email")


class PasswordForm(Form):
    current_password = PasswordField("Current password", validators=[DataRequired()],
                                     render_kw={"autocomplete": "current-password"})
    password = new_password("New password")
    confirm = password_again("Confirm new password")
    submit = SubmitField("Change password")


class DeleteAccountForm(Form):
    posts = RadioField("Your posts", choices=[SelectChoice("keep", "Keep my posts, shown as “[deleted]”"),
                                              SelectChoice("remove", "Remove my posts")],
                       validators=[DataRequired(message="Choose whether to keep your posts or remove them.")])
    password = PasswordField("Password", validators=[DataRequired(message="Enter your password to confirm.")],
                             id="delete-password", render_kw={"autocomplete": "current-password"})
    submit = SubmitField("Delete my account")
