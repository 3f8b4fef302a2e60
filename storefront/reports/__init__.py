"""What the provincial OCOP office reports upward: products by stars, group and origin;
orders, revenue and quotes by month, district, group and producer; quotes turned into
orders; top products; certificates ending soon.

Reads only. ``queries`` aggregates in SQL (a fixed number of queries whatever the data),
``charts`` turns figures into bar geometry, ``exports`` writes each report as CSV.
"""
