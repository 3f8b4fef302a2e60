"""The JSON API (``/api/v1``): read-only, for the search box and for partners' systems."""
