"""Forms of the office's pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    DateField,
    EmailField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Email, InputRequired, Length, NumberRange

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


class CertificateForm(FlaskForm):
    """A certificate as the decision states it; valid until follows (+36 months)."""

    sku = StringField(_l("Product SKU"), validators=[
        InputRequired(_l("Enter the product's SKU.")), Length(max=40)])
    stars = SelectField(_l("Stars"), coerce=int,
                        choices=[SelectChoice(stars, str(stars)) for stars in (3, 4, 5)])
    score = IntegerField(_l("Score (0–100)"), validators=[
        InputRequired(_l("Enter the score.")),
        NumberRange(min=0, max=100, message=_l("A score from 0 to 100."))])
    decision_number = StringField(_l("Decision number"), validators=[
        InputRequired(_l("Enter the decision number.")), Length(max=60)])
    decision_date = DateField(_l("Decision date"), validators=[
        InputRequired(_l("Enter the decision date."))])
    issuing_level = SelectField(_l("Issuing level"), choices=[
        SelectChoice("province", _l("Provincial level")),
        SelectChoice("district", _l("District level")),
        SelectChoice("national", _l("National level"))])
    issuing_body = StringField(_l("Issuing body"), default="UBND tỉnh Quảng Bình", validators=[
        InputRequired(_l("Enter who issued the decision.")), Length(max=200)])
    scan = FileField(_l("Scan of the certificate: PDF or photo (optional, up to 5 MB)"))


class RevokeForm(FlaskForm):
    reason = TextAreaField(_l("Reason for revoking (shown to the office only)"),
                           validators=[Length(max=2000)])


class CertificateImportForm(FlaskForm):
    file = FileField(_l("CSV file"))
