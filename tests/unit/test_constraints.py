"""The constraints file pins every package the project and its dev extras pull in, at the version installed."""

from __future__ import annotations

import re
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

REPOSITORY = Path(__file__).resolve().parents[2]
CONSTRAINTS = REPOSITORY / ".ci" / "constraints.txt"
PIN = re.compile(r"^([A-Za-z0-9_.-]+)==(\S+)$")


def pins() -> dict[str, str]:
    lines = CONSTRAINTS.read_text().splitlines()
    return {canonicalize_name(match[1]): match[2] for line in lines if (match := PIN.match(line.strip()))}


def installed_closure() -> dict[str, str]:
    """Every distribution agora-forum[dev] needs, directly or not, with its installed version."""
    found: dict[str, str] = {}
    pending = [(Requirement("agora-forum[dev]"), {"dev"})]
    while pending:
        requirement, extras = pending.pop()
        name = canonicalize_name(requirement.name)
        if name in found and not extras:
            continue
        distribution = metadata.distribution(requirement.name)
        found[name] = distribution.version
        for text in distribution.requires or []:
            needed = Requirement(text)
            if needed.marker is None or any(needed.marker.evaluate({"extra": extra}) for extra in {"", *extras}):
                pending.append((needed, set(needed.extras)))
    found.pop("agora-forum")
    return found


def test_every_installed_dependency_is_pinned_at_its_installed_version():
    pinned, installed = pins(), installed_closure()
    assert {name: version for name, version in installed.items() if pinned.get(name) != version} == {}, (
        "run `make constraints` after changing dependencies")


def test_every_make_install_uses_the_constraints():
    installs = [line for line in (REPOSITORY / "Makefile").read_text().splitlines()
                if "pip install" in line and "-e " in line]
    assert installs and all("-c $(CONSTRAINTS)" in line or "$(if $(UPGRADE),,-c $(CONSTRAINTS))" in line
                            for line in installs)
