"""The home page: composes the catalogue (and, later, promotion) into entry points."""
