"""What a build reports: an :class:`Outcome` per document and the :class:`Result` of the run, with the
JSON shape of ``--report`` (docs/build-report.schema.json)."""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.errors import OutputError, Problem


@dataclass
class Outcome:
    """What happened to one document."""

    id: str
    status: str                          # built | up-to-date | stale | removed | failed | discarded
    reason: str = ""
    outputs: list[str] = field(default_factory=list)
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)   # render, and each format's writer
    problems: list[Problem] = field(default_factory=list)
    worker: int = 0                      # pid of the process that built it
    max_rss_kb: int = 0                  # that process's peak memory when it finished this document
    order: int = 0                       # 1 for the first document this build finished, 2 ...

    def as_dict(self) -> dict:
        data = {"document": self.id, "status": self.status, "reason": self.reason, "outputs": self.outputs,
                "seconds": round(self.seconds, 3), "timings": {k: round(v, 3) for k, v in self.timings.items()}}
        if self.problems:
            data["problems"] = [p.as_dict() for p in self.problems]
        if self.worker:
            data["worker"], data["max_rss_kb"], data["order"] = self.worker, self.max_rss_kb, self.order
        return data


@dataclass
class Result:
    outcomes: list[Outcome]
    seconds: float
    warnings: list[Problem]
    jobs: int
    shard: tuple[int, int] | None
    check: bool
    formats: tuple[str, ...]
    error: OutputError | None = None     # the outputs could not be written: nothing was published

    def count(self, status: str) -> int:
        return sum(o.status == status for o in self.outcomes)

    @property
    def documents(self) -> int:
        """The number of documents this build rendered and published."""
        return self.count("built")

    @property
    def built(self) -> list[str]:
        """The output files this build wrote."""
        return [rel for o in self.outcomes if o.status == "built" for rel in o.outputs]

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == "failed"]

    def summary(self) -> str:
        if self.check:
            return (f"{self.count('stale')} stale, {self.count('up-to-date')} up to date, "
                    f"{self.count('removed')} to remove")
        return (f"{self.count('built')} built, {self.count('up-to-date')} up to date, "
                f"{self.count('removed')} removed, {len(self.failed)} failed in {self.seconds:.1f} s")

    def as_dict(self) -> dict:
        return {"naskah_report": 1, "check": self.check, "formats": list(self.formats), "jobs": self.jobs,
                "shard": f"{self.shard[0] + 1}/{self.shard[1]}" if self.shard else None,
                "seconds": round(self.seconds, 3),
                "summary": {s.replace("-", "_"): self.count(s)
                            for s in ("built", "up-to-date", "stale", "removed", "failed", "discarded")},
                "documents": [o.as_dict() for o in self.outcomes],
                "warnings": [w.as_dict() for w in self.warnings]}
