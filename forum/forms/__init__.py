"""WTForms classes per area: shape only; the bounds come from forum.limits and the rules from the services."""

from __future__ import annotations

from typing import Any

from flask import request
from flask_wtf import FlaskForm
from flask_wtf.form import _Auto
from wtforms.csrf.core import CSRFTokenField
from wtforms.validators import Length

from ..limits import too_long


def squash(value: Any) -> Any:
    """Runs of blank space as one space, as the services store titles, names and reasons."""
    return " ".join(value.split()) if isinstance(value, str) else value


def strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def at_most(limit: int, what: str) -> Length:
    """A length check in the words the service uses for the same limit."""
    return Length(max=limit, message=too_long(what, limit))


class Form(FlaskForm):
    """A browser form: fields come from the form body only.

    Flask-WTF would read a JSON body as the fields, and a scalar or nested
    value there answered 500; a JSON body is an empty form here.
    """

    class Meta(FlaskForm.Meta):
        def wrap_formdata(self, form: FlaskForm, formdata: Any) -> Any:
            if formdata is _Auto and request.is_json and form.is_submitted():
                formdata = request.form
            return super().wrap_formdata(form, formdata)

        def render_field(self, field: Any, render_kw: dict) -> Any:
            """The CSRF field without its id: a page has many forms, and an id may be used only once."""
            if isinstance(field, CSRFTokenField):
                render_kw = {**render_kw, "id": False}
            return super().render_field(field, render_kw)
