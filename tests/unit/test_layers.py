"""Where rules live: templates and API schemas show decisions the read services made, and decide nothing."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = sorted((ROOT / "templates").rglob("*.html"))
API_MODULES = sorted((ROOT / "forum" / "views" / "api").glob("*.py"))
# Asking a permission predicate, or who the user is, is deciding; a record's fields are not.
DECIDING = re.compile(r"\bcan_\w+\(|\bcurrent_user\b|\bthread_access\b|\bis_following\b")


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda path: str(path.relative_to(ROOT / "templates")))
def test_no_template_decides_a_permission(template):
    assert not DECIDING.findall(template.read_text())


def test_templates_are_given_no_predicates(app):
    assert not [name for name in app.jinja_env.globals if name.startswith("can_")]


@pytest.mark.parametrize("module", API_MODULES, ids=lambda path: path.name)
def test_no_api_module_asks_a_permission_predicate(module):
    """Only authentication (a member at all) is checked in the API's plumbing; services decide the rest."""
    tree = ast.parse(module.read_text())
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
                and (node.module or "").endswith("permissions") for alias in node.names}
    # The *Actions classes are the shapes of decisions already made, to describe them in the document.
    assert all(name == "is_member" or name.endswith("Actions") for name in imported), imported
