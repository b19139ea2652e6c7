"""matching/ is pure: it never imports flask, sqlalchemy or app."""

import ast
import pathlib
import subprocess
import sys

import matching

FORBIDDEN = ("flask", "sqlalchemy", "app")
ROOT = pathlib.Path(matching.__file__).parent


def test_no_forbidden_import_statements():
    offenders = []
    for path in ROOT.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            offenders += [f"{path.name}: {n}" for n in names if n.split(".")[0] in FORBIDDEN]
    assert offenders == []


def test_importing_and_using_matching_loads_none_of_them():
    code = (
        "import sys, matching\n"
        "m = matching.Matcher().fit([matching.Document('a', 'SE', 'skola'),"
        " matching.Document('b', 'DK', 'skole')])\n"
        "m.rank(matching.Document('q', 'SE', 'skola'))\n"
        f"bad = [n for n in sys.modules if n.split('.')[0] in {FORBIDDEN!r}]\n"
        "assert not bad, bad\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_public_api():
    assert set(matching.__all__) >= {"Document", "Weights", "Matcher", "Match", "evaluate"}
