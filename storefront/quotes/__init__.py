"""Wholesale quotes: requests for quotes, negotiation, conversion into orders."""
