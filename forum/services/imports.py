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


def preview_import(moderator: User, *, text: str = "", url: str = "", upload: Upload | None = None) -> Extraction:
    """What ``extract_from`` finds, for a moderator's preview; commits the count of previews.

    Previews are limited per moderator (each may fetch a page and parse
    megabytes); one refused for its input is not counted.
    """
    if not can_moderate(moderator):
        raise NotAllowed("Only moderators can import and publish articles.")
    throttle.hit(current_app.config["IMPORT_LIMIT_PER_MODERATOR"], "import", str(moderator.id),
                 message=IMPORTS_THROTTLED, field="text")
    extraction = extract_from(text=text, url=url, upload=upload)
    db.session.commit()
    return extraction


def extract_from(*, text: str = "", url: str = "", upload: Upload | None = None) -> Extraction:
    """Extract title, source, body and questions from the one source given.

    A file wins over an address, an address over pasted text, so a stale
    paste in the form never shadows what the moderator just chose.
    """
    config = current_app.config
    if upload is not None and upload.data:
        if len(upload.data) > config["IMPORT_MAX_FILE_BYTES"]:
            limit = config["IMPORT_MAX_FILE_BYTES"] // 1_000_000
            raise Invalid(f"That file is too large to import (limit {limit} MB).", field="file")
        return extract_article(_decode(upload.data), filename=upload.filename, content_type=upload.content_type)
    if url.strip():
        document = fetch_document(
            url.strip(),
            allow_private=config["IMPORT_ALLOW_PRIVATE_URLS"],
            timeout=config["IMPORT_TIMEOUT_SECONDS"],
            max_bytes=config["IMPORT_MAX_BYTES"],
        )
        extraction = extract_article(document.text, content_type=document.content_type, base_url=document.url)
        return extraction if extraction.source_url else replace(extraction, source_url=document.url)
    if text.strip():
        return extract_article(text)
    raise Invalid("Paste the article, choose a file, or give its web address.", field="text")


def _decode(data: bytes) -> str:
    if b"\x00" in data[:4096]:
        raise Invalid("That file is not a text, Markdown or HTML file.", field="file")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")
