"""Checkout and order forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    EmailField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Email, InputRequired, Length, Optional, ValidationError

from storefront.geography import PROVINCES_BY_CODE, province_choices
from storefront.orders.states import METHOD_LABELS


class CheckoutForm(FlaskForm):
    name = StringField(_l("Your name"), validators=[InputRequired(_l("Enter your name.")),
                                                    Length(max=120)])
    email = EmailField(_l("E-mail"), validators=[
        InputRequired(_l("Enter your e-mail address: we send the order there.")),
        Email(_l("This does not look like an e-mail address."), check_deliverability=False),
        Length(max=255)])
    phone = StringField(_l("Phone"), validators=[
        InputRequired(_l("Enter a phone number for the delivery.")), Length(max=20)])
    street = StringField(_l("House number and street"), validators=[
        InputRequired(_l("Enter the house number and street.")), Length(max=200)])
    commune = StringField(_l("Commune or ward"), validators=[
        InputRequired(_l("Enter the commune or ward.")), Length(max=120)])
    # Choices are checked by the validate_ methods below, with messages of our own.
    province_code = SelectField(_l("Province or city"), choices=[], validate_choice=False)
    note = TextAreaField(_l("Delivery note (optional)"), validators=[Optional(),
                                                                    Length(max=500)])
    payment_method = RadioField(_l("Payment"), choices=[], validate_choice=False)
    idempotency_key = HiddenField()
    expected_total = IntegerField(widget=HiddenField.widget, validators=[Optional()])

    def __init__(self, methods, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.province_code.choices = [
            SelectChoice("", _l("Choose…")),
            *(SelectChoice(code, name) for code, name in province_choices()),
        ]
        self.payment_method.choices = [SelectChoice(str(m), METHOD_LABELS[m]) for m in methods]

    def validate_province_code(self, field) -> None:
        if field.data not in PROVINCES_BY_CODE:
            raise ValidationError(_l("Choose a province from the list."))

    def validate_payment_method(self, field) -> None:
        if field.data not in {choice.value for choice in field.choices}:
            raise ValidationError(_l("Choose a way to pay."))


class TrackingForm(FlaskForm):
    carrier = StringField(_l("Carrier"), validators=[Optional(), Length(max=60)])
    tracking_code = StringField(_l("Tracking code"), validators=[Optional(), Length(max=60)])
    note = StringField(_l("Note"), validators=[Optional(), Length(max=300)])
