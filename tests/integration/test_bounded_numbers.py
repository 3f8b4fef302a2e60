"""Numbers taken from a URL are bounded before they reach a query (issue 16, part 3).

Every GET route, as the first role allowed to see it, is asked for absurd page numbers
and, where its path holds ids, absurd ids: 0, -1, 10^12, 2^63 and 10^20 (and digits that
are not ASCII). SQLite overflows past 2^63 - 1 and PostgreSQL's integer ids past
2^31 - 1; the answer must be a page (the last page, a message) or a 404, never a 500.
Runs on every database backend, as all integration tests do.
"""

import pytest

from tests.integration.test_access_matrix import EXPECTED, ROLES, build_path, world  # noqa: F401
from tests.web import sign_in

BAD_NUMBERS = ["0", "-1", str(10**12), str(2**63), str(10**20), "²", "١٢"]
HUGE_IDS = [10**12, 2**63, 10**20]


def get_routes(app):
    """(rule, the first role EXPECTED lets in) for every GET route."""
    for key, statuses in sorted(EXPECTED.items()):
        method, rule_text = key.split(" ", 1)
        if method != "GET" or 200 not in statuses:
            continue
        rule = next(r for r in app.url_map.iter_rules() if r.rule == rule_text)
        yield rule, ROLES[statuses.index(200)]


def browser_for(app, users, role):
    browser = app.test_client()
    if role != "anonymous":
        sign_in(browser, users[role])
    return browser


def test_absurd_page_numbers_never_break_a_page(app, world):  # noqa: F811
    users, values = world
    failures = []
    for rule, role in get_routes(app):
        browser = browser_for(app, users, role)
        path = build_path(rule, values)
        separator = "&" if "?" in path else "?"
        for number in BAD_NUMBERS:
            status = browser.get(f"{path}{separator}page={number}").status_code
            if status >= 500:
                failures.append(f"{path}{separator}page={number} as {role}: {status}")
    assert not failures, "\n".join(failures)


def test_absurd_ids_in_paths_are_not_found(app, world):  # noqa: F811
    users, values = world
    failures = []
    for rule, role in get_routes(app):
        int_arguments = [name for name in rule.arguments
                         if type(rule._converters[name]).__name__.endswith("IntegerConverter")]
        if not int_arguments:
            continue
        browser = browser_for(app, users, role)
        for huge in HUGE_IDS:
            path = build_path(rule, values)
            for name in int_arguments:
                path = path.replace(f"/{values[name]}", f"/{huge}", 1) if name != "page" else \
                    path.replace(f"-{values[name]}.xml", f"-{huge}.xml")
            status = browser.get(path).status_code
            if status != 404:
                failures.append(f"{path} as {role}: {status}")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("path", [
    "/en/products?page=9223372036854775807", "/en/producers?page=99999999999999999999",
    "/en/events?page=99999999999999999999", "/sitemap-products-99999999999999999999.xml",
    "/vi/products?page=%C2%B2",
])
def test_the_reported_addresses(client, path):
    assert client.get(path).status_code in (400, 404)
