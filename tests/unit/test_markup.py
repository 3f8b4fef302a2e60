from storefront.markup import render_markdown


def test_markdown_paragraphs_and_emphasis():
    html = render_markdown("Muối **Roòn**\n\nđược phơi nắng.")
    assert "<strong>Roòn</strong>" in html
    assert html.count("<p>") == 2


def test_raw_html_and_scripts_never_survive():
    html = render_markdown('<script>alert(1)</script><img src=x onerror="alert(2)">')
    # Shown as harmless text, never as elements.
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;" in html


def test_javascript_links_are_removed():
    html = render_markdown("[click](javascript:alert(1))")
    assert "href" not in html


def test_safe_links_get_rel_attributes():
    html = render_markdown("[OCOP](https://example.org)")
    assert 'href="https://example.org"' in html
    assert "noopener" in html


def test_empty_story_renders_nothing():
    assert render_markdown("") == ""
    assert render_markdown(None) == ""
