"""The layout a newcomer relies on (docs/development.md, "Where things are"): imports flow one
way, from the interfaces to the domain to the models, and the frame imports no app."""

import ast
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ("kiss_visit", "programme", "registrations")
INTERFACES = ("public", "private", "admin", "checkin", "exports", "management")
DOMAIN = ("models", "domain", "services", "emails")


def modules() -> dict[str, Path]:
    found = {}
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            dotted = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            found[dotted.removesuffix(".__init__")] = path
    return found


def imported(path: Path, name: str, known, *, top_level_only=False) -> set[str]:
    """The project's modules this one imports, relative imports resolved; with top_level_only,
    those imported when the module loads (not inside a function). `from package import module`
    imports the module, not the package's face."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    names = set()
    tree = ast.parse(path.read_text())
    for node in tree.body if top_level_only else ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parts, base] if base else parts)
            submodules = {f"{base}.{alias.name}" for alias in node.names}
            names.update(submodules & known)
            if not submodules <= known:
                names.add(base)
    return {n for n in names if n in known and n != name}


def import_graph(*, top_level_only=False) -> dict[str, set[str]]:
    known = modules()
    return {
        name: imported(path, name, set(known), top_level_only=top_level_only)
        for name, path in known.items()
    }


@pytest.fixture(scope="module")
def graph() -> dict[str, set[str]]:
    return import_graph()


def test_frame_imports_no_app(graph):
    assert {
        name: sorted(m for m in targets if not m.startswith("kiss_visit"))
        for name, targets in graph.items()
        if name.startswith("kiss_visit") and any(not m.startswith("kiss_visit") for m in targets)
    } == {}


def test_programme_imports_no_registrations(graph):
    assert {
        name: sorted(m for m in targets if m.startswith("registrations"))
        for name, targets in graph.items()
        if name.startswith("programme") and any(m.startswith("registrations") for m in targets)
    } == {}


def test_domain_imports_no_interface(graph):
    def layer(name, layers):
        parts = name.split(".")
        return parts[0] == "registrations" and len(parts) > 1 and parts[1] in layers

    assert {
        name: sorted(m for m in targets if layer(m, INTERFACES))
        for name, targets in graph.items()
        if layer(name, DOMAIN) and any(layer(m, INTERFACES) for m in targets)
    } == {}


def test_no_import_cycle(graph):
    """Late imports inside functions count too: none may close a loop."""
    cycles, state = [], defaultdict(int)  # 0 new, 1 on the path, 2 done

    def visit(name, path):
        state[name] = 1
        for target in sorted(graph[name]):
            if state[target] == 1:
                cycles.append([*path[path.index(target) :], target])
            elif state[target] == 0:
                visit(target, [*path, target])
        state[name] = 2

    for name in sorted(graph):
        if state[name] == 0:
            visit(name, [name])
    assert cycles == []


def test_no_folder_of_code_holds_more_than_fifteen_modules():
    counts = defaultdict(int)
    for path in modules().values():
        counts[str(path.parent.relative_to(ROOT))] += 1
    assert {folder: n for folder, n in counts.items() if n > 15} == {}
