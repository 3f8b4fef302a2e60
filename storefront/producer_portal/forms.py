"""Producer portal forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, MultipleFileField
from wtforms import (
    BooleanField,
    DateField,
    DecimalField,
    EmailField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    widgets,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from storefront.catalog.labels import UNITS
from storefront.catalog.models import StockReason
from storefront.traceability.labels import STANDARD_NAMES
from storefront.traceability.models import Standard

WHOLE = _l("Enter a whole number.")
TIER_ROWS = 4


def _whole(maximum: int):
    return [Optional(), NumberRange(min=1, max=maximum, message=WHOLE)]


class WholesaleForm(FlaskForm):
    """Minimum, step, and up to four price tiers (from quantity → unit price)."""

    min_wholesale_qty = IntegerField(_l("Minimum wholesale quantity"),
                                     validators=_whole(1_000_000))
    wholesale_increment = IntegerField(_l("Order in steps of"), default=1,
                                       validators=_whole(100_000))
    tier_qty_1 = IntegerField(_l("From quantity"), validators=_whole(1_000_000))
    tier_price_1 = IntegerField(_l("Unit price (đồng)"), validators=_whole(10**9))
    tier_qty_2 = IntegerField(_l("From quantity"), validators=_whole(1_000_000))
    tier_price_2 = IntegerField(_l("Unit price (đồng)"), validators=_whole(10**9))
    tier_qty_3 = IntegerField(_l("From quantity"), validators=_whole(1_000_000))
    tier_price_3 = IntegerField(_l("Unit price (đồng)"), validators=_whole(10**9))
    tier_qty_4 = IntegerField(_l("From quantity"), validators=_whole(1_000_000))
    tier_price_4 = IntegerField(_l("Unit price (đồng)"), validators=_whole(10**9))

    def tier_rows(self):
        return [(getattr(self, f"tier_qty_{n}"), getattr(self, f"tier_price_{n}"))
                for n in range(1, TIER_ROWS + 1)]

    def fill_tiers(self, tiers) -> None:
        for (quantity, price), tier in zip(self.tier_rows(), tiers, strict=False):
            quantity.data, price.data = tier.min_qty, tier.unit_price_vnd

    def tiers(self) -> list[tuple[int, int]]:
        return [(quantity.data, price.data) for quantity, price in self.tier_rows()
                if quantity.data and price.data]

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        for quantity, price in self.tier_rows():
            if bool(quantity.data) != bool(price.data):
                (price if quantity.data else quantity).errors.append(
                    _l("A tier needs both a quantity and a price."))
                return False
        return True


STOCK_REASONS = {
    StockReason.PRODUCTION: _l("Production (new units)"),
    StockReason.DAMAGE: _l("Damaged or spoiled"),
    StockReason.CORRECTION: _l("Count correction"),
}


class StockForm(FlaskForm):
    """A signed change: +50 after a production run, −3 for broken bottles."""

    change = IntegerField(_l("Units to add (a minus sign removes)"), validators=[
        InputRequired(WHOLE), NumberRange(min=-1_000_000, max=1_000_000, message=WHOLE)])
    reason = SelectField(_l("Reason"), choices=[
        SelectChoice(str(reason), label) for reason, label in STOCK_REASONS.items()])
    note = StringField(_l("Note (optional)"), validators=[Optional(), Length(max=300)])


class ThresholdForm(FlaskForm):
    low_stock_threshold = IntegerField(_l("Warn me below"), validators=[
        InputRequired(WHOLE), NumberRange(min=0, max=1_000_000, message=WHOLE)])


class BatchForm(FlaskForm):
    lot_code = StringField(_l("Lot code"), validators=[
        InputRequired(_l("Enter the lot code printed on the packages.")), Length(max=40)])
    production_date = DateField(_l("Production date"), validators=[
        InputRequired(_l("Enter the production date."))])
    expiry_date = DateField(_l("Best before (optional)"), validators=[Optional()])
    quantity = IntegerField(_l("Units made"), validators=[
        InputRequired(WHOLE), NumberRange(min=1, max=10_000_000, message=WHOLE)])
    ingredients_origin = TextAreaField(_l("Where the ingredients come from"),
                                       validators=[Optional(), Length(max=2000)])
    standards = SelectMultipleField(
        _l("Standards"), choices=[SelectChoice(str(s), name) for s, name in STANDARD_NAMES.items()],
        widget=widgets.ListWidget(prefix_label=False), option_widget=widgets.CheckboxInput())
    test_report_ref = StringField(_l("Test report number (optional)"),
                                  validators=[Optional(), Length(max=120)])
    report = FileField(_l("Test report: PDF or photo (optional, up to 5 MB)"))

    def chosen_standards(self) -> tuple[Standard, ...]:
        return tuple(Standard(code) for code in self.standards.data or ()
                     if code in {str(s) for s in Standard})


class ProfileForm(FlaskForm):
    """The story in both languages side by side, contact details, the map pin."""

    tagline_vi = StringField(_l("Tagline (Vietnamese)"), validators=[Optional(), Length(max=255)])
    tagline_en = StringField(_l("Tagline (English)"), validators=[Optional(), Length(max=255)])
    story_vi = TextAreaField(_l("Story (Vietnamese, Markdown)"),
                             validators=[Optional(), Length(max=10_000)])
    story_en = TextAreaField(_l("Story (English, Markdown)"),
                             validators=[Optional(), Length(max=10_000)])
    visiting_hours_vi = StringField(_l("Opening hours for visitors (Vietnamese)"),
                                    validators=[Optional(), Length(max=500)])
    visiting_hours_en = StringField(_l("Opening hours for visitors (English)"),
                                    validators=[Optional(), Length(max=500)])
    phone = StringField(_l("Phone"), validators=[Optional(), Length(max=40)])
    email = EmailField(_l("E-mail"), validators=[Optional(), Length(max=255)])
    website = StringField(_l("Website"), validators=[Optional(), Length(max=255)])
    address = StringField(_l("Address"), validators=[Optional(), Length(max=255)])
    latitude = DecimalField(_l("Latitude"), places=6, validators=[Optional()])
    longitude = DecimalField(_l("Longitude"), places=6, validators=[Optional()])

    def fill(self, producer) -> None:
        texts = {row.locale: row for row in producer.translations}
        for locale in ("vi", "en"):
            row = texts.get(locale)
            for name in ("tagline", "story", "visiting_hours"):
                getattr(self, f"{name}_{locale}").data = getattr(row, name) if row else ""
        for name in ("phone", "email", "website", "address", "latitude", "longitude"):
            getattr(self, name).data = getattr(producer, name)


class PriceForm(FlaskForm):
    price_vnd = IntegerField(_l("Retail price (đồng)"), validators=[
        InputRequired(WHOLE), NumberRange(min=1_000, max=1_000_000_000,
                                          message=_l("A price from 1.000 ₫ up, in whole đồng."))])
    weight_g = IntegerField(_l("Shipping weight (grams)"), validators=[
        InputRequired(WHOLE), NumberRange(min=1, max=100_000, message=WHOLE)])


# -- listings ----------------------------------------------------------------------------------

# field → (label, field class, longest text)
LISTING_TEXTS = {
    "name": (_l("Product name"), StringField, 200),
    "summary": (_l("Summary: one sentence for lists and search"), StringField, 300),
    "description": (_l("Description"), TextAreaField, 5000),
    "story": (_l("Story (Markdown)"), TextAreaField, 10_000),
    "ingredients": (_l("Ingredients"), TextAreaField, 2000),
    "usage": (_l("How to use"), TextAreaField, 2000),
    "storage": (_l("Storage"), TextAreaField, 1000),
    "warnings": (_l("Warnings"), TextAreaField, 1000),
    "net_quantity": (_l("Net quantity, as on the label"), StringField, 60),
}


class ListingForm(FlaskForm):
    """Category, unit, origin and label facts; texts in both languages (added below)."""

    category_id = SelectField(_l("Category"), coerce=int, validate_choice=False)
    unit = SelectField(_l("Sold by the"), choices=[
        SelectChoice(code, label) for code, label in UNITS.items()])
    origin_district_id = SelectField(_l("District of origin"), coerce=int,
                                     validate_choice=False)
    origin_commune = StringField(_l("Commune of origin"), validators=[Optional(),
                                                                      Length(max=120)])
    shelf_life_days = IntegerField(_l("Shelf life in days (optional)"),
                                   validators=_whole(36_500))
    abv_percent = DecimalField(_l("Alcohol % (drinks only)"), places=1, validators=[
        Optional(), NumberRange(min=0, max=99, message=_l("Between 0 and 99."))])
    english_confirmed = BooleanField(_l("The English still says the same: keep it as it is"))

    def text_fields(self, locale: str):
        return [getattr(self, f"{name}_{locale}") for name in LISTING_TEXTS]

    def fill(self, product) -> None:
        for name in ("category_id", "unit", "origin_district_id", "origin_commune",
                     "shelf_life_days", "abv_percent"):
            getattr(self, name).data = getattr(product, name)
        texts = {row.locale: row for row in product.translations}
        for locale in ("vi", "en"):
            for name in LISTING_TEXTS:
                row = texts.get(locale)
                getattr(self, f"{name}_{locale}").data = getattr(row, name) if row else ""


def _add_text_fields() -> None:
    """name_vi, name_en, summary_vi… with labels naming their language for screen readers."""
    for name, (label, kind, longest) in LISTING_TEXTS.items():
        labels = {"vi": _l("%(field)s (Vietnamese)", field=label),
                  "en": _l("%(field)s (English)", field=label)}
        for locale, localized in labels.items():
            setattr(ListingForm, f"{name}_{locale}", kind(
                localized, validators=[Optional(), Length(max=longest)]))


_add_text_fields()


class NewListingForm(ListingForm):
    price_vnd = PriceForm.price_vnd
    weight_g = PriceForm.weight_g
    stock = IntegerField(_l("Units in stock now"), default=0, validators=[
        Optional(), NumberRange(min=0, max=1_000_000, message=WHOLE)])


class PhotosForm(FlaskForm):
    photos = MultipleFileField(_l("Photos: JPEG, PNG or WebP, up to 12 MB each"))


class PhotoTextForm(FlaskForm):
    alt_vi = StringField(_l("Description for screen readers (Vietnamese)"),
                         validators=[Optional(), Length(max=255)])
    alt_en = StringField(_l("Description for screen readers (English)"),
                         validators=[Optional(), Length(max=255)])


class ReviewRequestForm(FlaskForm):
    """A bare form: the CSRF token of the "send", "withdraw" and photo-move buttons."""


class CoverForm(FlaskForm):
    cover = FileField(_l("Cover photo: JPEG, PNG or WebP, up to 12 MB, wide rather than tall"))
