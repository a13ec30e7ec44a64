"""Where an article comes from: pasted text, an uploaded file or a web address."""

from __future__ import annotations

from dataclasses import dataclass, replace

from flask import current_app

from ..errors import Invalid, NotAllowed
from ..extensions import db
from ..models import User
from ..permissions import can_moderate
from . import throttle
from .fetch import fetch_document
from .questions import Extraction, extract_article

IMPORTS_THROTTLED = "Too many imports at once. Try again in {wait}."


@dataclass(frozen=True)
class Upload:
    filename: str
    data: bytes
    content_type: str | None = None


@dataclass(frozen=True)
class Text:
    text: str


@dataclass(frozen=True)
class Address:
    url: str


Source = Upload | Address | Text


def preview_import(moderator: User, *, text: str = "", url: str = "", upload: Upload | None = None) -> Extraction:
    """What ``extract_from`` finds, for a moderator's preview; commits the count of previews.

    Previews are limited per moderator (each may fetch a page and parse
    megabytes). The count is committed in a short transaction of its own
    before the fetch, so a slow site never holds the write lock. A preview
    refused for the shape of its input (no source, a file too large or not
    text) is refused before counting and is not counted; one whose page
    could not be fetched or read is, as the work was done.
    """
    if not can_moderate(moderator):
        raise NotAllowed("Only moderators can import and publish articles.")
    source = _source(text=text, url=url, upload=upload)
    throttle.hit(current_app.config["IMPORT_LIMIT_PER_MODERATOR"], "import", str(moderator.id),
                 message=IMPORTS_THROTTLED, field="text")
    db.session.commit()
    return _extract(source)


def extract_from(*, text: str = "", url: str = "", upload: Upload | None = None) -> Extraction:
    """Extract title, source, body and questions from the one source given.

    A file wins over an address, an address over pasted text, so a stale
    paste in the form never shadows what the moderator just chose.
    """
    return _extract(_source(text=text, url=url, upload=upload))


def _source(*, text: str, url: str, upload: Upload | None) -> Source:
    """The one source to extract from, checked for what needs no fetching or parsing."""
    if upload is not None and upload.data:
        limit = current_app.config["IMPORT_MAX_FILE_BYTES"]
        if len(upload.data) > limit:
            raise Invalid(f"That file is too large to import (limit {limit // 1_000_000} MB).", field="file")
        if b"\x00" in upload.data[:4096]:
            raise Invalid("That file is not a text, Markdown or HTML file.", field="file")
        return upload
    if url.strip():
        return Address(url.strip())
    if text.strip():
        return Text(text)
    raise Invalid("Paste the article, choose a file, or give its web address.", field="text")


def _extract(source: Source) -> Extraction:
    if isinstance(source, Upload):
        return extract_article(_decode(source.data), filename=source.filename, content_type=source.content_type)
    if isinstance(source, Text):
        return extract_article(source.text)
    config = current_app.config
    document = fetch_document(
        source.url,
        allow_private=config["IMPORT_ALLOW_PRIVATE_URLS"],
        timeout=config["IMPORT_TIMEOUT_SECONDS"],
        max_bytes=config["IMPORT_MAX_BYTES"],
    )
    extraction = extract_article(document.text, content_type=document.content_type, base_url=document.url)
    return extraction if extraction.source_url else replace(extraction, source_url=document.url)


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")
