from django.template import Context, Template

from actionplan.core.text import clean_html, rich_text


def test_scripts_handlers_and_javascript_links_are_removed():
    html = clean_html(
        '<p onclick="steal()">Hej <script>alert(1)</script><a href="javascript:x()">x</a>'
        '<a href="https://regionh.dk">RH</a></p>'
    )
    assert "script" not in html and "onclick" not in html and "javascript" not in html
    assert '<a href="https://regionh.dk" rel="noopener noreferrer">RH</a>' in html


def test_plain_text_is_escaped_and_split_into_paragraphs():
    expected = "<p>1 &lt; 2 &amp; 3</p>\n\n<p>Næste afsnit</p>"
    assert rich_text("1 < 2 & 3\n\nNæste afsnit") == expected


def test_the_template_filter_cleans():
    rendered = Template("{% load actionplan_text %}{{ text|rich }}").render(
        Context({"text": "<b>fed</b><img src=x onerror=alert(1)>"})
    )
    assert rendered == "<b>fed</b>"
