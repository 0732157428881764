"""`briefgen text`: each article as briefgen reads it, the text every quote span refers to."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from briefgen.errors import InputError, Problem
from briefgen.ingest.run import read_article


@dataclass(frozen=True, slots=True)
class ReadArticle:
    """One file as read: its description and normalised text, or the one-line reason it was refused."""

    path: str
    title: str | None = None
    date: str | None = None
    url: str | None = None
    outlet: str | None = None
    partner: str | None = None
    text: str | None = None
    error: str | None = None
    warnings: tuple[str, ...] = ()

    def to_json(self) -> str:
        """One JSON object (one line): path, title, date, url, outlet, partner, text, error."""
        keys = ("path", "title", "date", "url", "outlet", "partner", "text", "error")
        return json.dumps({key: getattr(self, key) for key in keys}, ensure_ascii=False)

    def lines(self) -> list[str]:
        """A short header (one field a line) and the text, for reading in a terminal."""
        if self.error:
            return []  # the CLI prints the error on standard error
        out = [f"==> {self.path} <=="]
        for key in ("title", "date", "url", "outlet", "partner"):
            out.append(f"{key}: {getattr(self, key) or '-'}")
        return [*out, "", self.text or "", ""]


def read_articles(paths: Iterable[Path], home: str) -> list[ReadArticle]:
    """Read each file as `briefgen ingest` would, without registering anything."""
    out = []
    for path in paths:
        name = str(path)
        warnings: list[Problem] = []
        try:
            article = read_article(Path(path), home=home, display=name, warnings=warnings)
        except InputError as exc:
            where = f"line {exc.line}: " if exc.line else ""
            out.append(ReadArticle(name, error=where + exc.message))
            continue
        source = article.source
        out.append(ReadArticle(
            name,
            title=source.title,
            date=source.date.isoformat() if source.date else None,
            url=source.url,
            outlet=source.outlet,
            partner=source.partner,
            text=article.text,
            warnings=tuple(str(w) for w in warnings),
        ))
    return out
