"""Forms of the office's pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, SelectField, StringField, TextAreaField
from wtforms.validators import Email, InputRequired, Length

from storefront.accounts.forms import LANGUAGE_CHOICES


class DecisionForm(FlaskForm):
    note = TextAreaField(_l("Note to the company (required to reject)"),
                         validators=[Length(max=2000)])


class InvitationForm(FlaskForm):
    name = StringField(_l("Name"), validators=[InputRequired(_l("Enter the person's name.")),
                                               Length(max=120)])
    email = EmailField(_l("E-mail"), validators=[
        InputRequired(_l("Enter the person's e-mail address.")),
        Email(_l("This does not look like an e-mail address."), check_deliverability=False),
        Length(max=255)])
    locale = SelectField(_l("Language of the invitation"), choices=LANGUAGE_CHOICES)


class ReviewDecisionForm(FlaskForm):
    comment = TextAreaField(_l("Comment for the producer (required to ask for changes)"),
                            validators=[Length(max=2000)])
