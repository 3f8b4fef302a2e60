"""Forms of the quote list and the negotiation. Per-line prices come as ``qty-<id>`` and
``price-<id>`` fields (see ``offer_prices``): their number depends on the request."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from storefront.geography import PROVINCES_BY_CODE, province_choices
from storefront.numbers import is_ascii_digits
from storefront.quotes.states import TERMS_LABELS, PaymentTerms

WHOLE = _l("Enter a whole number.")


class QuantityForm(FlaskForm):
    quantity = IntegerField(_l("Quantity"), validators=[
        InputRequired(WHOLE), NumberRange(min=1, max=1_000_000, message=WHOLE)])


class ListLineForm(QuantityForm):
    target_price = IntegerField(_l("Target unit price (đồng, optional)"), validators=[
        Optional(), NumberRange(min=1, max=10**10, message=WHOLE)])


class SubmitListForm(FlaskForm):
    province_code = SelectField(_l("Deliver to (province or city)"), choices=[],
                                validate_choice=False)
    needed_by = DateField(_l("Needed by (optional)"), validators=[Optional()])
    message = TextAreaField(_l("Message to the producers (optional)"),
                            validators=[Optional(), Length(max=2000)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.province_code.choices = [SelectChoice("", _l("Choose…")), *(
            SelectChoice(code, name) for code, name in province_choices())]

    def validate_province_code(self, field) -> None:
        if field.data not in PROVINCES_BY_CODE:
            raise ValidationError(_l("Choose a province from the list."))


class OfferForm(FlaskForm):
    """The producer's quote (all fields) or the distributor's counter-offer (note only)."""

    valid_until = DateField(_l("Valid until"), validators=[Optional()])
    lead_time_days = IntegerField(_l("Lead time (days)"), validators=[
        Optional(), NumberRange(min=0, max=365, message=WHOLE)])
    shipping_vnd = IntegerField(_l("Delivery cost (đồng)"), default=0, validators=[
        Optional(), NumberRange(min=0, max=10**9, message=WHOLE)])
    shipping_terms = StringField(_l("Delivery terms"), validators=[Optional(), Length(max=300)])
    payment_terms = SelectField(_l("Payment terms"), choices=[
        SelectChoice(str(terms), label) for terms, label in TERMS_LABELS.items()],
        default=str(PaymentTerms.PREPAID))
    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=2000)])


class TextForm(FlaskForm):
    """A message, a question, an answer, or the reason for declining."""

    body = TextAreaField(_l("Message"), filters=[lambda text: text.strip() if text else text],
                         validators=[DataRequired(_l("Write a few words first.")),
                                     Length(max=4000)])


class AcceptForm(FlaskForm):
    street = StringField(_l("House number and street"), validators=[
        InputRequired(_l("Enter the house number and street.")), Length(max=200)])
    commune = StringField(_l("Commune or ward"), validators=[
        InputRequired(_l("Enter the commune or ward.")), Length(max=120)])
    phone = StringField(_l("Phone"), validators=[
        InputRequired(_l("Enter a phone number for the delivery.")), Length(max=20)])
    payment_method = RadioField(_l("Payment"), choices=[], validate_choice=False)


def offer_prices(form_data, line_ids: list[int]) -> dict[int, tuple[int, int]] | None:
    """``{line id: (quantity, unit price)}`` from the form, or None if one is not a number."""
    prices = {}
    for line_id in line_ids:
        quantity = str(form_data.get(f"qty-{line_id}", "")).strip()
        price = str(form_data.get(f"price-{line_id}", "")).replace(".", "").replace(",", "")
        price = price.strip()
        if not (is_ascii_digits(quantity) and is_ascii_digits(price)):
            return None
        prices[line_id] = (int(quantity), int(price))
    return prices
