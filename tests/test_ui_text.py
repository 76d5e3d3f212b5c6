"""Names and texts from uploads are shown as typed, never as Markdown or HTML."""

from ui.text import md_escape


def test_markdown_and_html_are_escaped():
    assert md_escape("[click](javascript:alert(1))") == r"\[click\]\(javascript:alert\(1\)\)"
    assert md_escape("<img src=x onerror=alert(1)>") == r"\<img src=x onerror=alert\(1\)\>"
    assert md_escape("**bold** _it_") == r"\*\*bold\*\* \_it\_"
    assert md_escape("plain words") == "plain words"
