"""Safe YAML loading that remembers where every value came from.

PyYAML's composer gives each node its line and column; we build plain Python data from the node tree and
keep a map ``field path -> (line, column)`` beside it, so that a schema error on ``pejabat.kepala_daerah``
can name ``config/regions/63/63.01-tanah-laut.yaml:14``. Only the safe constructors are used (no Python
objects), duplicate keys are errors, and alias expansion and file size are bounded so that an alias bomb
or a huge file is refused instead of exhausting memory.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.errors import Problem, Problems

MAX_BYTES = 2 * 1024 * 1024
MAX_NODES = 200_000

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

    def build(self, node: yaml.Node, path: tuple) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise Problems.one(f"too many values (more than {MAX_NODES}, after expanding aliases); "
                               "refusing to load", where=f"{self.file}:{node.start_mark.line + 1}")
        self.positions.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
        if isinstance(node, yaml.MappingNode):
            self.constructor.flatten_mapping(node)
            out: dict = {}
            for key_node, value_node in node.value:
                key = self.constructor.construct_object(key_node, deep=True)
                if not isinstance(key, (str, int)):
                    raise Problems.one("mapping keys must be plain words",
                                       where=f"{self.file}:{key_node.start_mark.line + 1}", path=dotted(path))
                key = str(key)
                if key in out:
                    raise Problems.one(f"key '{key}' appears twice",
                                       where=f"{self.file}:{key_node.start_mark.line + 1}", path=dotted(path))
                out[key] = self.build(value_node, path + (key,))
            return out
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, path + (i,)) for i, item in enumerate(node.value)]
        return self.constructor.construct_object(node, deep=True)


# libyaml's parser where installed (ten times faster; the same nodes and marks), else PyYAML's own
COMPOSER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load(path: Path, display: str | None = None) -> Located:
    """Load one YAML file safely; raise :class:`Problems` naming the file and line on any fault."""
    name = display or str(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise Problems.one(f"cannot read: {exc.strerror}", where=name) from None
    if size > MAX_BYTES:
        raise Problems.one(f"file is {size} bytes, more than the {MAX_BYTES} a data file may have",
                           where=name)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise Problems.one(f"not UTF-8 text (byte {exc.start})", where=name) from None
    try:
        node = yaml.compose(text, Loader=COMPOSER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{name}:{mark.line + 1}:{mark.column + 1}" if mark else name
        raise Problems.one(f"malformed YAML: {exc.problem or exc.context}", where=where) from None
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
    """Turn a pydantic ValidationError into problems naming file, line and field path."""
    out = []
    for err in exc.errors(include_url=False):
        loc = prefix + tuple(p for p in err["loc"] if not (isinstance(p, str) and p.startswith("function-")))
        msg = err["msg"].removeprefix("Value error, ")
        if err["type"] == "missing":
            msg = "required field is missing"
        elif err["type"] == "extra_forbidden":
            msg = "unknown field"
        out.append(Problem(msg, located.where(loc), dotted(loc)))
    return out

