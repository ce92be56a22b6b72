"""User text (file names, column and class names, URL values) shown as text, never as markup."""

import re


def literal(text):
    """Markdown that shows ``text`` exactly: a code span, where Streamlit makes no links (not even bare URLs),
    emphasis, emoji, colours or math. Backslash escapes are not enough: bare URLs still become links."""
    text = " ".join(str(text).splitlines())
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    return f"{fence} {text} {fence}"


def escape_html(text):
    """``text`` safe for Plotly's pseudo-HTML labels (legend, axis titles)."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
