"""Original example articles that ``forum demo`` publishes, one per import format."""

from __future__ import annotations

from importlib.resources import files

_FORMATS = (".txt", ".md", ".html")


def _load() -> list[tuple[str, str]]:
    folder = files(__name__).joinpath("articles")
    entries = sorted(folder.iterdir(), key=lambda entry: entry.name)
    return [(e.name, e.read_text(encoding="utf-8")) for e in entries if e.name.endswith(_FORMATS)]


DEMO_ARTICLES: list[tuple[str, str]] = _load()
