"""The review page's and report's HTML: Jinja2 templates, autoescaped, and the static files they use.

Why autoescape everywhere and JSON for data: every sentence, title and note is corpus text, and corpus
text may hold ``<script>`` or ``{{ }}``; Jinja2 escapes what it interpolates and never evaluates it, and
the script builds the page with ``textContent``, so no text can become markup.
"""

from __future__ import annotations

from importlib.resources import files

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

#: The files under static/ the page may load; nothing else is served.
STATIC = {"review.js": "text/javascript; charset=utf-8", "review.css": "text/css; charset=utf-8"}
_FILES = {*STATIC, "report.js"}  # report.js is inlined into the report, never served

_env = Environment(loader=PackageLoader("termkit.review", "templates"), autoescape=select_autoescape(["html"]),
                   undefined=StrictUndefined, keep_trailing_newline=True)


def render(name: str, **context: object) -> str:
    """Render the template ``name`` with ``context`` (all values escaped)."""
    return _env.get_template(name).render(**context)


def static_text(name: str) -> str:
    """The text of one of the files under static/ (the served ones, and the report's script)."""
    if name not in _FILES:
        raise KeyError(name)
    return files("termkit.review").joinpath("static", name).read_text(encoding="utf-8")
