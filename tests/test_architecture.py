"""The layering of the project: `cms/` is the ground floor and imports no content app; no
import circle between apps or between modules, counting imports made inside functions (a lazy
import does not remove a circle, it hides it)."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = ["cms", "home", "press", "partners", "practices"]
CONTENT_APPS = APPS[1:]


def project_modules():
    """{module name: path} of the apps' Python files, migrations aside."""
    modules = {}
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            relative = path.relative_to(ROOT).with_suffix("")
            if "migrations" in relative.parts:
                continue
            parts = relative.parts[:-1] if relative.name == "__init__" else relative.parts
            modules[".".join(parts)] = path
    return modules


def imported_modules(path, modules):
    """The project modules `path` imports, anywhere in the file."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
        else:
            continue
        found.update(name for name in names if name in modules)
    return found


def import_graph():
    modules = project_modules()
    return {name: imported_modules(path, modules) for name, path in modules.items()}


def find_cycle(graph):
    """A list of nodes forming a circle, or None."""
    state = {}

    def visit(node, trail):
        state[node] = "open"
        for target in sorted(graph.get(node, ())):
            if state.get(target) == "open":
                return [*trail[trail.index(target) :], target]
            if target not in state and (cycle := visit(target, [*trail, target])):
                return cycle
        state[node] = "done"
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node, [node])):
            return cycle
    return None


def app_of(module):
    parts = module.split(".")
    return (
        ".".join(parts[:2])
        if parts[:2] in (["press", "mailing"], ["practices", "census"], ["practices", "reports"])
        else parts[0]
    )


def test_cms_imports_no_content_app():
    for name, targets in import_graph().items():
        if name.split(".")[0] == "cms":
            assert not {t for t in targets if t.split(".")[0] in CONTENT_APPS}, name


def test_cms_names_no_content_app_outside_its_settings():
    """Not even by a string label; the settings list the installed apps, the migrations keep
    their history."""
    for name, path in project_modules().items():
        if not name.startswith("cms.") or name.startswith("cms.settings"):
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                label = node.value.split(".")[0].split(":")[0]
                assert label not in CONTENT_APPS or " " in node.value, (name, node.value)


def test_no_import_circle_between_modules():
    assert find_cycle(import_graph()) is None


def test_no_import_circle_between_apps():
    apps = {}
    for name, targets in import_graph().items():
        source = app_of(name)
        apps.setdefault(source, set()).update(
            app_of(target) for target in targets if app_of(target) != source
        )
    assert find_cycle(apps) is None
