"""How standards are named on pages and labels."""

from flask_babel import lazy_gettext as _l

from storefront.traceability.models import Standard

STANDARD_NAMES = {Standard.VIETGAP: "VietGAP", Standard.HACCP: "HACCP",
                  Standard.ISO_22000: "ISO 22000", Standard.ORGANIC: _l("Organic")}
