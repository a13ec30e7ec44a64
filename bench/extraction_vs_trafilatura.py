"""Score the extraction corpus's HTML pages with trafilatura doing the page cleaning instead of Agora's.

Both runs share everything but the cleaning (the title, description and canonical
address read from the page's head, then Agora's source, title, summary and
question rules), so the difference is the cleaning alone. Agora does not depend
on trafilatura; install it beside Agora to run this:

    .venv/bin/pip install 'trafilatura>=2.3,<3' lxml_html_clean
    .venv/bin/python bench/extraction_vs_trafilatura.py
"""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from pathlib import Path

import trafilatura

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from forum.services import questions  # noqa: E402
from forum.services.html_markdown import Page  # noqa: E402
from tests.unit.test_corpus import CORPUS, _misses  # noqa: E402

OWN_CLEANING = questions.html_to_markdown


def cleaned_by_trafilatura(html: str, *, base_url: str | None = None) -> Page:
    page = OWN_CLEANING(html, base_url=base_url)
    markdown = trafilatura.extract(
        html, url=page.url or base_url, output_format="markdown", include_tables=True,
        include_links=True, include_comments=False, include_formatting=True,
    )
    return replace(page, markdown=markdown or "")


def main() -> None:
    pages = sorted(CORPUS.glob("*.html"))
    exact = {"agora": 0, "trafilatura": 0}
    for path in pages:
        expected = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        html = path.read_text(encoding="utf-8")
        for name, cleaning in (("agora", OWN_CLEANING), ("trafilatura", cleaned_by_trafilatura)):
            questions.html_to_markdown = cleaning
            misses = _misses(questions.extract_article(html, filename=path.name), expected)
            exact[name] += not misses
            print(f"{path.name} [{name}]: {'; '.join(misses) or 'exact'}")
        questions.html_to_markdown = OWN_CLEANING
    print(f"HTML pages exact: Agora's cleaning {exact['agora']} of {len(pages)}, "
          f"trafilatura's {exact['trafilatura']} of {len(pages)}")


if __name__ == "__main__":
    main()
