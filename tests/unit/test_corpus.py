"""The extraction corpus: articles in the shapes Agora meets, each beside the JSON it must give.

Each ``tests/fixtures/articles/NAME.EXT`` is an article in our own words; ``NAME.json``
holds what extraction must find: ``title``, ``source_url``, ``summary`` and ``questions``
exactly, and optionally ``reasons`` exactly, ``body_contains`` and ``body_excludes``.
"""

from __future__ import annotations

import json
from pathlib import Path

from forum.services.questions import Extraction, extract_article

CORPUS = Path(__file__).resolve().parent.parent / "fixtures" / "articles"
MIN_CASES = 30  # the shapes issue 17 lists, each with its negative cases


def _articles() -> list[Path]:
    return sorted(path for path in CORPUS.iterdir() if path.suffix != ".json")


def _misses(result: Extraction, expected: dict) -> list[str]:
    """Every way ``result`` differs from ``expected``, in words."""
    misses = [
        f"{key}: got {getattr(result, key)!r}, expected {expected[key]!r}"
        for key in ("title", "source_url", "summary", "questions", "reasons")
        if key in expected and getattr(result, key) != expected[key]
    ]
    misses += [f"body lacks {text!r}" for text in expected.get("body_contains", []) if text not in result.body]
    misses += [f"body keeps {text!r}" for text in expected.get("body_excludes", []) if text in result.body]
    return misses


def test_every_corpus_article_comes_out_exact() -> None:
    articles = _articles()
    report: dict[str, list[str]] = {}
    for path in articles:
        expected = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        result = extract_article(path.read_text(encoding="utf-8"), filename=path.name)
        report[path.name] = _misses(result, expected)
    exact = sum(not misses for misses in report.values())
    details = "\n".join(f"{name}:\n  " + "\n  ".join(m) for name, m in report.items() if m)
    print(f"\ncorpus: {exact} of {len(articles)} exact")

    assert len(articles) >= MIN_CASES
    assert exact == len(articles), f"{exact} of {len(articles)} exact\n{details}"


def test_every_corpus_article_has_its_expectations() -> None:
    for path in _articles():
        expected = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))

        assert {"title", "source_url", "summary", "questions"} <= expected.keys(), path.name
