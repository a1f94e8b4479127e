"""One error hierarchy for the whole generator, mapped to exit codes in one place.

Every problem carries where it was found: a data file with line and field path, or a template line with
the legal element it concerns. A run collects all problems first and raises them together
(:class:`Problems`), so a user fixes everything in one pass.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    PROBLEMS = 1        # bad data, bad template, drafting error: the user's input needs fixing
    USAGE = 2           # the command line itself is wrong (typer also uses 2)
    OUTPUT = 3          # writing the outputs failed (disk, permissions, a folder leading elsewhere)
    STALE = 4           # `build --check`: some output is stale or missing
    BUSY = 75           # another build holds the workspace's output folder (EX_TEMPFAIL: try again)
    INTERNAL = 70       # a bug in the generator
    INTERRUPTED = 130   # Ctrl-C (128 + SIGINT); SIGTERM gives 143 (128 + SIGTERM)


@dataclass(frozen=True)
class Problem:
    """One finding. ``where`` is ``file:line`` or ``file:line:col``; ``path`` is a field path or a legal
    element such as ``BAB III › Pasal 12 ayat (2)``."""

    message: str
    where: str = ""
    path: str = ""
    severity: str = "error"  # "error" | "warning"
    hint: str = ""

    def __str__(self) -> str:
        head = " ".join(part for part in (self.where, self.path) if part)
        text = f"{head}: {self.message}" if head else self.message
        if self.severity == "warning":
            text = f"warning: {text}"
        if self.hint:
            text += f" ({self.hint})"
        return text

    def as_dict(self) -> dict:
        return {"severity": self.severity, "where": self.where, "path": self.path,
                "message": self.message, "hint": self.hint}


class NaskahError(Exception):
    exit_code = ExitCode.INTERNAL


class Problems(NaskahError):
    """Everything wrong with the input of a run, reported at once."""

    exit_code = ExitCode.PROBLEMS

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    @classmethod
    def one(cls, message: str, where: str = "", path: str = "", hint: str = "") -> Problems:
        return cls([Problem(message, where, path, hint=hint)])


class UsageError(NaskahError):
    exit_code = ExitCode.USAGE


class OutputError(NaskahError):
    exit_code = ExitCode.OUTPUT


class Interrupted(KeyboardInterrupt):
    """Ctrl-C (SIGINT) or SIGTERM stopped the run. A KeyboardInterrupt, so that everything that cleans up
    after Ctrl-C cleans up after SIGTERM too; the exit code is 128 + the signal's number (130, 143)."""

    def __init__(self, signum: int = 2, message: str = ""):
        super().__init__(message)
        self.signum = int(signum)


@dataclass
class Collector:
    """Gathers problems across a stage; ``raise_if_errors`` stops the run before anything is written."""

    problems: list[Problem] = field(default_factory=list)

    def add(self, message: str, where: str = "", path: str = "", severity: str = "error",
            hint: str = "") -> None:
        self.problems.append(Problem(message, where, path, severity, hint))

    def extend(self, problems) -> None:
        self.problems.extend(problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    def raise_if_errors(self) -> None:
        if self.errors:
            raise Problems(self.problems)
