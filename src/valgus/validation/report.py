"""Markdown sections of the validation report: what was compared with what, tables, conclusion."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field


def cell(value: object) -> str:
    """A table cell: pipes escaped, no line breaks."""
    return str(value).replace("|", "\\|").replace("\n", " ")


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]]
    caption: str = ""

    def markdown(self) -> str:
        lines = [f"*{self.caption}*", ""] if self.caption else []
        lines.append("| " + " | ".join(cell(h) for h in self.header) + " |")
        lines.append("|" + "|".join("---" for _ in self.header) + "|")
        lines.extend("| " + " | ".join(cell(c) for c in row) + " |" for row in self.rows)
        return "\n".join(lines)


@dataclass
class Section:
    """One data set: ``compared`` says what was compared with what; ``conclusion`` is one line."""

    title: str
    compared: str = ""
    tables: list[Table] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    conclusion: str = ""
    skipped: str | None = None  # reason, when the data set was not run
    seconds: float = 0.0

    def markdown(self) -> str:
        out = [f"## {self.title}", ""]
        if self.skipped:
            out += [f"**Skipped:** {self.skipped}", ""]
            return "\n".join(out)
        if self.compared:
            out += [f"**Compared:** {self.compared}", ""]
        for t in self.tables:
            out += [t.markdown(), ""]
        out += [f"- {n}" for n in self.notes]
        if self.notes:
            out.append("")
        out += [f"**Conclusion:** {self.conclusion}", ""]
        return "\n".join(out)


def render(title: str, preface: Sequence[str], sections: Sequence[Section]) -> str:
    lines = [f"# {title}", "", *preface, ""]
    lines += ["| section | conclusion |", "|---|---|"]
    for s in sections:
        lines.append(f"| {s.title} | {(s.skipped and 'skipped: ' + s.skipped) or s.conclusion} |")
    lines.append("")
    for s in sections:
        lines.append(s.markdown())
    return "\n".join(lines).rstrip() + "\n"
