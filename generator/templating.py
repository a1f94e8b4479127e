"""The jinja2 environment: strict, XML-escaping, and recording every template it reads.

* ``StrictUndefined``: a misspelt variable is an error, never an empty string;
* autoescape on: data is inert text in the markup (``<``, ``&``, quotes cannot change the structure, and a
  ``{{`` inside data is never evaluated: jinja renders data, it does not re-read it);
* a value of ``None`` printed into the markup is an error (a missing datum must not become a blank or the
  word "None" in a legal document);
* the loader records each template file it loads, for the build's dependency hashes.
"""

from __future__ import annotations

import re
from pathlib import Path

import jinja2
import markupsafe

from generator.errors import Problem, Problems
from generator.legal import indonesian

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class MissingValue(Exception):
    pass


class RecordingLoader(jinja2.FileSystemLoader):
    def __init__(self, root: Path):
        super().__init__(str(root))
        self.root = root
        self.used: set[str] = set()

    def get_source(self, environment, template):
        source, filename, uptodate = super().get_source(environment, template)
        self.used.add(template)
        return source, filename, uptodate


def _finalize(value):
    if value is None:
        raise MissingValue("a value printed into the document is empty (None)")
    if isinstance(value, markupsafe.Markup):   # markup the templates made themselves (macro output)
        return value
    if isinstance(value, str):
        return _CONTROL.sub("", value)
    return value


def environment(templates: Path) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=RecordingLoader(templates),
        undefined=jinja2.StrictUndefined,
        autoescape=True,
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(indonesian.FILTERS)
    env.filters["upper_id"] = lambda s: str(s).upper()
    return env


def render(env: jinja2.Environment, name: str, context: dict) -> str:
    """Render one template to markup; template faults become problems naming template and line."""
    try:
        return env.get_template(name).render(**context)
    except jinja2.TemplateNotFound as exc:
        raise Problems.one(f"template not found: {exc.name}", where=f"templates/{name}") from None
    except jinja2.TemplateSyntaxError as exc:
        raise Problems.one(f"template syntax: {exc.message}",
                           where=f"templates/{exc.name or name}:{exc.lineno}") from None
    except (jinja2.UndefinedError, MissingValue, TypeError, ValueError) as exc:
        raise Problems([Problem(f"while rendering: {exc}", where=_template_line(exc, name))]) from None


def _template_line(exc: BaseException, name: str) -> str:
    """The innermost template frame of a rendering error, as ``templates/NAME:LINE``. Jinja rewrites the
    traceback so that template frames carry the template's file name and line."""
    tb = exc.__traceback__
    where = f"templates/{name}"
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".j2"):
            rel = Path(filename).as_posix()
            where = "templates/" + rel.split("/templates/", 1)[-1] + f":{tb.tb_lineno}"
        tb = tb.tb_next
    return where


def locate(env: jinja2.Environment, snippet: str) -> str:
    """The first ``templates/NAME:LINE`` whose source contains ``snippet`` (used to point a drafting
    error found in the model, e.g. a dangling ``to="…"``, back at the line a drafter edits)."""
    loader: RecordingLoader = env.loader  # type: ignore[assignment]
    for name in sorted(loader.used):
        source = (loader.root / name).read_text(encoding="utf-8")
        index = source.find(snippet)
        if index >= 0:
            return f"templates/{name}:{source.count(chr(10), 0, index) + 1}"
    return ""
