"""The jinja2 environment: strict, XML-escaping, and recording every template it reads.

* ``StrictUndefined``: a misspelt variable is an error, never an empty string;
* autoescape on: data is inert text in the markup (``<``, ``&``, quotes cannot change the structure, and a
  ``{{`` inside data is never evaluated: jinja renders data, it does not re-read it);
* a value of ``None`` printed into the markup is an error (a missing datum must not become a blank or the
  word "None" in a legal document);
* the loader records each template file it loads, for the build's dependency hashes;
* sandboxed: templates and the rule texts of config/monev.yaml come from pull requests, so they are rendered
  by jinja2's ImmutableSandboxedEnvironment (no attribute starting with '_', no method that changes data,
  ranges of at most 100,000), with ``*`` and ``**`` bounded so an expression cannot fill memory, and the
  loader reads only regular files inside templates/ (generator/untrusted.py). Any fault of a template is a
  problem naming the template file and line, never an internal error.
"""

from __future__ import annotations

import dataclasses
import operator
import re
from pathlib import Path

import jinja2
import markupsafe
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

from generator import untrusted
from generator.errors import Problem, Problems
from generator.legal import indonesian

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class MissingValue(Exception):
    pass


class RecordingLoader(jinja2.BaseLoader):
    """Templates from one folder (a regular file inside it, links resolved), each name recorded."""

    def __init__(self, root: Path):
        self.root = root
        self.used: set[str] = set()

    def get_source(self, environment, template):
        parts = jinja2.loaders.split_template_path(template)     # refuses '..'
        rel = Path(*parts)
        if not (self.root / rel).exists() and not (self.root / rel).is_symlink():
            raise jinja2.TemplateNotFound(template)
        shown = f"templates/{rel.as_posix()}"
        try:
            data = untrusted.read(self.root, rel, untrusted.MAX_TEMPLATE_BYTES, "template")
            source = untrusted.text(data, shown)
        except Problems as exc:     # name the file as the workspace has it
            raise Problems([Problem(p.message, p.where if p.where.startswith(shown) else shown, p.path,
                                    hint=p.hint) for p in exc.problems]) from None
        self.used.add(template)
        return source, str(self.root / rel), lambda: True


class Sandbox(ImmutableSandboxedEnvironment):
    """jinja2's immutable sandbox with ``*`` and ``**`` bounded: ``'x' * 10**12`` is refused, not built."""

    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context, operator_, left, right):
        if operator_ == "*":
            for seq, n in ((left, right), (right, left)):
                if isinstance(seq, (str, list, tuple)) and isinstance(n, int) \
                        and len(seq) * n > untrusted.MAX_RENDERED_TEXT:
                    raise SecurityError(f"the result would be too large ({len(seq)} × {n})")
            return operator.mul(left, right)
        if isinstance(left, int) and isinstance(right, int) and abs(left) > 1 \
                and right * max(abs(left).bit_length(), 1) > 4096:
            raise SecurityError(f"the result would be too large ({left} ** {right})")
        return operator.pow(left, right)


def sandbox(**options) -> Sandbox:
    """A sandboxed environment (for templates and for the rule texts of config/monev.yaml)."""
    return Sandbox(undefined=jinja2.StrictUndefined, **options)


def _finalize(value):
    if value is None:
        raise MissingValue("a value printed into the document is empty (None)")
    if isinstance(value, markupsafe.Markup):   # markup the templates made themselves (macro output)
        return value
    if isinstance(value, str):
        return _CONTROL.sub("", value)
    return value


def environment(templates: Path) -> jinja2.Environment:
    env = sandbox(
        loader=RecordingLoader(templates),
        autoescape=True,
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(indonesian.FILTERS)
    env.filters["upper_id"] = lambda s: str(s).upper()
    return env


def render(env: jinja2.Environment, name: str, context) -> str:
    """Render one template to markup; template faults become problems naming template and line. The
    context is a dict of variables or a context dataclass (generator/data/context.py), whose fields are."""
    if dataclasses.is_dataclass(context):
        context = {f.name: getattr(context, f.name) for f in dataclasses.fields(context)}
    try:
        return env.get_template(name).render(**context)
    except jinja2.TemplateNotFound as exc:
        raise Problems.one(f"template not found: {exc.name}", where=f"templates/{name}") from None
    except jinja2.TemplateSyntaxError as exc:
        raise Problems.one(f"template syntax: {exc.message}",
                           where=f"templates/{exc.name or name}:{exc.lineno}") from None
    except SecurityError as exc:
        raise Problems.one(f"not allowed in a template: {exc}", where=template_line(exc, env, name)) from None
    except RecursionError as exc:
        raise Problems.one("recursion too deep (a macro that calls itself without end?)",
                           where=template_line(exc, env, name)) from None
    except Problems:
        raise
    except Exception as exc:          # any other fault of an untrusted template: its line, not a traceback
        raise Problems([Problem(f"while rendering: {_describe(exc)}",
                                where=template_line(exc, env, name))]) from None


def _describe(exc: BaseException) -> str:
    if isinstance(exc, (jinja2.UndefinedError, MissingValue, TypeError, ValueError)):
        return str(exc)
    return f"{type(exc).__name__}: {exc}"


def template_line(exc: BaseException, env: jinja2.Environment, name: str) -> str:
    """The innermost template frame of a rendering error, as ``templates/NAME:LINE``. Jinja rewrites the
    traceback so that template frames carry the template's file name and line."""
    root = Path(env.loader.root) if isinstance(env.loader, RecordingLoader) else None
    tb = exc.__traceback__
    where = f"templates/{name}"
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".j2") and root is not None and Path(filename).is_relative_to(root):
            where = f"templates/{Path(filename).relative_to(root).as_posix()}:{tb.tb_lineno}"
        tb = tb.tb_next
    return where


def locate(env: jinja2.Environment, snippet: str) -> str:
    """The first ``templates/NAME:LINE`` whose source contains ``snippet`` (used to point a drafting
    error found in the model, e.g. a dangling ``to="…"``, back at the line a drafter edits)."""
    loader: RecordingLoader = env.loader  # type: ignore[assignment]
    for name in sorted(loader.used):
        source = loader.get_source(env, name)[0]
        index = source.find(snippet)
        if index >= 0:
            return f"templates/{name}:{source.count(chr(10), 0, index) + 1}"
    return ""
