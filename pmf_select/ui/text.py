"""User text shown as text: escaping for Markdown and for HTML.

Long lists, criteria files, imported drafts and the page URL are all user input, and
Streamlit renders Markdown almost everywhere (``st.markdown``, captions, alerts,
subheaders, widget labels and help): a name such as ``[Session expired](https://...)``
or ``![x](https://...)`` would become a live link or fetch a remote image, and with
``unsafe_allow_html`` any tag would run. So every user string passes through one of:

- :func:`md`: backslash-escapes the ASCII punctuation Markdown gives a meaning to
  (CommonMark allows a backslash before any ASCII punctuation), which stops links, images, emphasis, headings, lists, raw
  HTML, Streamlit's ``:colour[...]`` and ``:emoji:`` directives and ``$`` maths; line
  breaks become spaces so a value cannot start a block of its own; and an invisible
  word joiner inside ``http:``, ``www.`` and ``@`` stops bare URLs and e-mail
  addresses becoming links (GitHub-flavoured autolinks ignore backslashes).
- :func:`html`: ``html.escape``, for HTML that is not then read as Markdown. HTML
  given to ``st.markdown(..., unsafe_allow_html=True)`` *is* still read as Markdown
  (a URL in it becomes a link, ``![x](url)`` an image), so user text inside it, such
  as the Weigh page's colour key, goes through :func:`md`, whose escapes also stop tags.

Only the user's part is escaped; the page's own Markdown around it still formats.
References: CommonMark 0.31 section 2.4 (backslash escapes); OWASP XSS Prevention
Cheat Sheet (output encoding for the context).
"""

from __future__ import annotations

import html as _html
import re

# The ASCII punctuation Markdown (CommonMark, GFM) or Streamlit give a meaning to:
# emphasis, code, links and images, raw HTML and entities, headings, list and table
# markers, strikethrough, ``:directives:`` and ``$`` maths. Others (, ; ' " / ? %) stay.
MARKDOWN_SPECIALS = "\\`*_{}[]()<>#+-.!|~:$&"
_PUNCTUATION = re.compile("([" + re.escape(MARKDOWN_SPECIALS) + "])")
_LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029]+")
# GitHub-flavoured Markdown turns bare URLs and e-mail addresses into links after the
# escapes are read (remark-gfm works on the text), so a backslash cannot stop it; an
# invisible WORD JOINER (U+2060) inside the trigger (http|:, www|., x|@) does.
_AUTOLINK = re.compile(r"(?i)(?<=https)(?=:)|(?<=http)(?=:)|(?<=www)(?=\.)|(?=@)|(?<=@)|(?<=ftp)(?=:)|(?<=mailto)(?=:)")
WORD_JOINER = "\u2060"


def md(value: object) -> str:
    """``value`` as Markdown that renders exactly as the text it is."""
    text = _LINE_BREAKS.sub(" ", str(value))
    text = _AUTOLINK.sub(WORD_JOINER, text)
    return _PUNCTUATION.sub(r"\\\1", text)


def html(value: object) -> str:
    """``value`` escaped for HTML text and attribute values."""
    return _html.escape(str(value), quote=True)


def md_lines(values) -> str:
    """Several user strings as a Markdown bullet list, each escaped."""
    return "\n".join(f"- {md(v)}" for v in values)
