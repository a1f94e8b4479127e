"""Transforms: small pure functions ``(Document, Context) -> Document`` applied in one ordered list.

Problems found on the way (a dangling reference, an Inpres in Mengingat) are collected in the context and
raised together after the whole pipeline has run, so one run reports all of them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from generator.data.schema import Penyusunan
from generator.errors import Collector
from generator.legal.bases import Library
from generator.model import Document


@dataclass
class Context:
    library: Library
    problems: Collector = field(default_factory=Collector)
    locate: Callable[[str], str] = lambda snippet: ""
    drafting: Penyusunan = field(default_factory=Penyusunan)   # settings: penyusunan (for the lint)


def pipeline():
    from generator import lint
    from generator.transforms import amendment, citations, frame, numbering, punctuation, references, toc
    return [frame.frame, citations.citations, numbering.numbering, toc.toc, references.references,
            punctuation.punctuation, amendment.amendment, lint.lint]


def apply(doc: Document, ctx: Context) -> Document:
    for transform in pipeline():
        doc = transform(doc, ctx)
    return doc
