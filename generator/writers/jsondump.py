"""The canonical model as JSON (``--format json``): review a template change as a model diff."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

from generator.model import Document, Pos


def _plain(value):
    if isinstance(value, Pos):
        return None
    if dataclasses.is_dataclass(value):
        out = {"node": type(value).__name__}
        for f in dataclasses.fields(value):
            v = _plain(getattr(value, f.name))
            if v is not None and v != "" and v != []:
                out[f.name] = v
        return out
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def to_data(document: Document) -> dict:
    return _plain(document)


def write(document: Document, options=None) -> bytes:
    return (json.dumps(to_data(document), ensure_ascii=False, indent=1, sort_keys=False) + "\n").encode()
