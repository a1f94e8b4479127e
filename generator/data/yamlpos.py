"""Safe YAML loading that remembers where every value came from.

PyYAML's composer gives each node its line and column; we build plain Python data from the node tree and
keep a map ``field path -> (line, column)`` beside it, so that a schema error on ``pejabat.kepala_daerah``
can name ``config/regions/63/63.01-tanah-laut.yaml:14``.

The files are untrusted (generator/untrusted.py holds the limits), so YAML is data only: no tags beyond the
core schema's (no ``!!python/...``, no custom tags), no merge keys (``<<``), a bounded number of aliases,
values and nesting levels (checked on the event stream before anything is built, so a bomb or a deep nest
is refused in milliseconds), duplicate keys refused, and every text value checked for characters a
document must not hold; an impossible date or an oversized number is an error with its line, not a crash.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator import untrusted
from generator.errors import Problem, Problems

_CORE = "tag:yaml.org,2002:"
_ALLOWED_TAGS = {_CORE + name for name in ("str", "int", "float", "bool", "null", "seq", "map")}
_QUOTE_HINT = ("put the value in quotes if it holds ': ', ' #' or starts with one of & * ! | > ' \" % @ `; "
               "indent with spaces, not tabs")

Path_ = tuple  # a field path: ("cakupan", 0, "peserta")


@dataclass
class Located:
    """Data of one YAML file plus the position of each field path in it."""

    file: str
    data: Any
    positions: dict[tuple, tuple[int, int]] = field(default_factory=dict)

    def where(self, path: tuple = ()) -> str:
        """``file:line:column`` of the deepest known prefix of ``path``."""
        path = tuple(path)
        while path not in self.positions and path:
            path = path[:-1]
        line, col = self.positions.get(path, (1, 1))
        return f"{self.file}:{line}:{col}"


def dotted(path: tuple) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


class _Builder:
    def __init__(self, file: str):
        self.file = file
        self.positions: dict[tuple, tuple[int, int]] = {}
        self.count = 0
        self.constructor = yaml.constructor.SafeConstructor()

    def fail(self, node: yaml.Node, message: str, path: tuple, hint: str = "") -> Problems:
        mark = node.start_mark
        return Problems.one(message, where=f"{self.file}:{mark.line + 1}:{mark.column + 1}", path=dotted(path),
                            hint=hint)

    def build(self, node: yaml.Node, path: tuple) -> Any:
        self.count += 1
        if self.count > untrusted.MAX_NODES:
            raise self.fail(node, f"too many values (more than {untrusted.MAX_NODES}, after expanding aliases); "
                            "refusing to load", path)
        self.positions.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
        if isinstance(node, yaml.MappingNode):
            out: dict = {}
            for key_node, value_node in node.value:
                if key_node.tag == _CORE + "merge":
                    raise self.fail(key_node, "merge keys (<<) are not allowed", path,
                                    "write the fields out in full")
                key = self.scalar(key_node, path)
                if not isinstance(key, (str, int)) or isinstance(key, bool):
                    raise self.fail(key_node, "mapping keys must be plain words", path)
                key = str(key)
                if key in out:
                    raise self.fail(key_node, f"key '{key}' appears twice", path)
                out[key] = self.build(value_node, path + (key,))
            return out
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, path + (i,)) for i, item in enumerate(node.value)]
        return self.scalar(node, path)

    def scalar(self, node: yaml.Node, path: tuple) -> Any:
        """One plain value, checked: a real date, a number the documents can print, text without
        characters a document must not hold."""
        if not isinstance(node, yaml.ScalarNode):
            raise self.fail(node, "mapping keys must be plain words", path)
        try:
            value = self.constructor.construct_object(node, deep=True)
        except (ValueError, OverflowError) as exc:      # 2023-02-30; an integer of 5,000 digits
            kind = "date" if "timestamp" in node.tag else "value"
            raise self.fail(node, f"'{node.value[:40]}' is not a valid {kind}: {exc}", path) from None
        if isinstance(value, bool):
            return value
        if isinstance(value, int) and abs(value) > untrusted.MAX_INTEGER:
            limit = f"{untrusted.MAX_INTEGER:,}".replace(",", ".")
            raise self.fail(node, f"the number {node.value[:40]} is too large (at most {limit})", path)
        if isinstance(value, float) and not math.isfinite(value):
            raise self.fail(node, f"'{node.value}' is not a number a document can print", path)
        if isinstance(value, str):
            if len(value) > untrusted.MAX_TEXT:
                raise self.fail(node, f"the text has {len(value)} characters, more than the "
                                f"{untrusted.MAX_TEXT} a value may have", path)
            bad = untrusted.bad_character(value)
            if bad:
                raise self.fail(node, f"the text holds the character {bad[1]}", path,
                                "delete it: retype the text around it")
        return value


# libyaml's parser where installed (ten times faster; the same nodes and marks), else PyYAML's own
COMPOSER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _screen(text: str, name: str) -> None:
    """Walk the event stream once before composing: refuse tags, too many aliases and deep nesting as
    soon as they appear (composing a nest of 100,000 brackets would overflow the C stack)."""
    depth = aliases = 0
    for event in yaml.parse(text, Loader=COMPOSER):
        where = f"{name}:{event.start_mark.line + 1}:{event.start_mark.column + 1}"
        tag = getattr(event, "tag", None)
        if tag is not None and tag not in _ALLOWED_TAGS:
            raise Problems.one(f"tags are not allowed ('{tag.replace(_CORE, '!!')}'): a data file holds only "
                               "text, numbers, dates, lists and mappings", where=where)
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > untrusted.MAX_DEPTH:
                raise Problems.one(f"values are nested more than {untrusted.MAX_DEPTH} levels deep", where=where)
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1
        elif isinstance(event, yaml.AliasEvent):
            aliases += 1
            if aliases > untrusted.MAX_ALIASES:
                raise Problems.one(f"more than {untrusted.MAX_ALIASES} alias uses (*name); refusing to load",
                                   where=where)


def load(path: Path, display: str | None = None, root: Path | None = None) -> Located:
    """Load one YAML file safely; raise :class:`Problems` naming the file and line on any fault. With
    ``root``, ``path`` is a workspace file and must lie inside ``root`` (links resolved)."""
    name = display or str(path)
    if root is None:
        root, path = path.parent, Path(path.name)
    else:
        path = Path(path).relative_to(root) if Path(path).is_absolute() else Path(path)
    text = untrusted.text(untrusted.read(root, path, untrusted.MAX_DATA_BYTES, "data file"), name)
    try:
        _screen(text, name)
        node = yaml.compose(text, Loader=COMPOSER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{name}:{mark.line + 1}:{mark.column + 1}" if mark else name
        raise Problems.one(f"malformed YAML: {exc.problem or exc.context}", where=where,
                           hint=_QUOTE_HINT) from None
    except yaml.reader.ReaderError as exc:       # a raw NUL or another character YAML refuses
        line = text.count("\n", 0, max(exc.position, 0)) + 1
        raise Problems.one(f"the file holds the character U+{exc.character:04X}, which a text file "
                           f"may not hold", where=f"{name}:{line}",
                           hint="save the file as UTF-8 text; retype the line if it was pasted") from None
    except yaml.YAMLError as exc:  # pragma: no cover - other YAML faults carry no mark
        raise Problems.one(f"malformed YAML: {exc}", where=name) from None
    if node is None:
        return Located(name, None, {(): (1, 1)})
    builder = _Builder(name)
    try:
        data = builder.build(node, ())
    except yaml.constructor.ConstructorError as exc:
        mark = exc.problem_mark
        raise Problems.one(f"unsupported YAML value: {exc.problem}",
                           where=f"{name}:{mark.line + 1}" if mark else name) from None
    return Located(name, data, builder.positions)


def problems_from_validation(located: Located, exc, prefix: tuple = ()) -> list[Problem]:
    """Turn a pydantic ValidationError into problems naming file, line and field path, in words that say
    what the field must hold."""
    out = []
    for err in exc.errors(include_url=False):
        loc = prefix + tuple(p for p in err["loc"] if not (isinstance(p, str) and p.startswith("function-")))
        # a union reports each branch (``int``, ``str``, ``literal['...']``): keep the field path only
        loc = tuple(p for p in loc if not (isinstance(p, str) and ("[" in p or p in _BRANCHES)))
        out.append(Problem(plain_message(err), located.where(loc), dotted(loc)))
    return out


_BRANCHES = {"int", "str", "float", "bool", "date", "none", "JikaChecklist", "JikaIndikator"}


def plain_message(err: dict) -> str:
    """What a field must hold, for a person editing the file (not pydantic's wording)."""
    kind, ctx, value = err["type"], err.get("ctx") or {}, err.get("input")
    shown = repr(value) if isinstance(value, (str, int, float)) and not isinstance(value, bool) else ""
    got = f" (it holds {shown[:60]})" if shown else ""
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        return "unknown field"
    if kind == "int_from_float":
        return f"must be a whole number, without decimals{got}; write 1250, not 1.250 or 1,250"
    if kind in ("int_parsing", "int_type", "int_parsing_size"):
        return f"must be a whole number, e.g. 1250 (digits only, no dots, spaces or units){got}"
    if kind in ("float_parsing", "float_type"):
        return f"must be a number, e.g. 36.7 (a dot before the decimals, no % sign){got}"
    if kind == "finite_number":
        return "must be a finite number"
    if kind in ("bool_parsing", "bool_type"):
        return f"must be true or false{got}"
    if kind.startswith("date") or kind.startswith("datetime"):
        return f"must be a date written YYYY-MM-DD, e.g. 2025-12-31{got}"
    if kind == "string_type":
        return "must be text" + (" (put it in quotes)" if isinstance(value, (int, float)) else "")
    if kind == "string_too_long":
        return f"is too long: at most {ctx.get('max_length')} characters"
    if kind == "string_too_short":
        return f"is too short: at least {ctx.get('min_length')} characters"
    if kind == "string_pattern_mismatch":
        if ctx.get("pattern") == r"^[^\t\r\n]*$":
            return "must be one line of text (no line breaks or tabs)"
        return f"does not have the expected form{got}"
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        words = {"greater_than_equal": "at least", "greater_than": "more than",
                 "less_than_equal": "at most", "less_than": "less than"}[kind]
        limit = next(iter(ctx.values()), "")
        return f"must be {words} {limit}{got}"
    if kind == "literal_error":
        return f"must be one of {ctx.get('expected', '')}{got}"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return "must be a group of fields (name: value lines, indented under it)"
    if kind == "list_type":
        return "must be a list (lines starting with '- ', or [a, b])"
    if kind in ("too_short", "too_long"):
        return err["msg"].replace("List should have", "must have").replace("Dictionary should have", "must have")
    if kind == "union_tag_invalid" or kind == "union_tag_not_found":
        return err["msg"]
    return err["msg"].removeprefix("Value error, ").replace("Input should be", "must be")
