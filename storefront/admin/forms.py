"""Forms of the office's pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Email, InputRequired, Length, NumberRange, Optional

from storefront.accounts.forms import LANGUAGE_CHOICES
from storefront.catalog.labels import PRODUCER_KINDS


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


class CollectionForm(FlaskForm):
    title_vi = StringField(_l("Title (Vietnamese)"), validators=[Length(max=160)])
    title_en = StringField(_l("Title (English)"), validators=[Length(max=160)])
    description_vi = TextAreaField(_l("Description (Vietnamese, Markdown)"),
                                   validators=[Length(max=5000)])
    description_en = TextAreaField(_l("Description (English, Markdown)"),
                                   validators=[Length(max=5000)])
    starts_on = DateField(_l("Shown from (optional)"), validators=[Optional()])
    ends_on = DateField(_l("Shown until (optional)"), validators=[Optional()])
    on_home = BooleanField(_l("Show it on the home page"), default=True)
    position = IntegerField(_l("Order on the home page (smaller first)"), default=0,
                            validators=[Optional(), NumberRange(min=0, max=1000)])


class CollectionProductForm(FlaskForm):
    sku = StringField(_l("Add a product by its SKU"), validators=[
        InputRequired(_l("Enter the product's SKU.")), Length(max=40)])


class BannerForm(FlaskForm):
    banner = FileField(_l("Banner: JPEG, PNG or WebP, wide, up to 12 MB"))


class EventForm(FlaskForm):
    name_vi = StringField(_l("Name (Vietnamese)"), validators=[Length(max=200)])
    name_en = StringField(_l("Name (English)"), validators=[Length(max=200)])
    place_vi = StringField(_l("Place (Vietnamese)"), validators=[Length(max=255)])
    place_en = StringField(_l("Place (English)"), validators=[Length(max=255)])
    description_vi = TextAreaField(_l("Description (Vietnamese, Markdown)"),
                                   validators=[Length(max=10_000)])
    description_en = TextAreaField(_l("Description (English, Markdown)"),
                                   validators=[Length(max=10_000)])
    starts_on = DateField(_l("First day"), validators=[InputRequired(_l("Enter the first day."))])
    ends_on = DateField(_l("Last day"), validators=[InputRequired(_l("Enter the last day."))])
    website = StringField(_l("Organiser's website (optional)"), validators=[Length(max=255)])
    producer_ids = SelectMultipleField(_l("Producers taking part"), coerce=int,
                                       validate_choice=False)
    published = BooleanField(_l("Published on /events"), default=True)


class ProducerForm(FlaskForm):
    name_vi = StringField(_l("Name (Vietnamese)"), validators=[Length(max=200)])
    name_en = StringField(_l("Name (English)"), validators=[Length(max=200)])
    legal_name = StringField(_l("Registered name"), validators=[Length(max=200)])
    kind = SelectField(_l("Kind"), choices=[
        SelectChoice(str(kind), label) for kind, label in PRODUCER_KINDS.items()])
    district_id = SelectField(_l("District"), coerce=int, validate_choice=False)
    commune = StringField(_l("Commune"), validators=[Length(max=120)])
    address = StringField(_l("Address"), validators=[Length(max=255)])
    phone = StringField(_l("Phone"), validators=[Length(max=40)])
    email = EmailField(_l("E-mail"), validators=[Optional(), Length(max=255)])


class AssignTransferForm(FlaskForm):
    order_number = StringField(_l("Order number"), validators=[
        InputRequired(_l("Enter the number of the order this money is for.")),
        Length(max=40)])
    note = StringField(_l("Note"), validators=[Optional(), Length(max=300)])


class TransferRefundForm(FlaskForm):
    bank_reference = StringField(_l("Bank reference of the refund"), validators=[
        InputRequired(_l("Enter the bank's reference of the refund you sent.")),
        Length(max=120)])
    note = StringField(_l("Note"), validators=[Optional(), Length(max=300)])
