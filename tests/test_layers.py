"""The package's layering, read from its imports: each layer imports only itself and the layers
before it, so that stages never import a later stage or the build engine."""
import ast
from pathlib import Path

from tests.conftest import ROOT

# In order. Stages come before the engine that runs them; the preview runs the engine; scoring
# (a tool over a build's output) may use anything.
LAYERS = (
    ("gwr.config", "gwr.model", "gwr.digest"),
    ("gwr.lexicon",),
    ("gwr.parse",),
    ("gwr.enrich",),
    ("gwr.site",),
    ("gwr.search",),
    ("gwr.build",),
    ("gwr.preview",),
    ("gwr.scoring",),
)


def layer_of(module: str) -> int:
    for number, prefixes in enumerate(LAYERS):
        if any(module == p or module.startswith(p + ".") for p in prefixes):
            return number
    raise AssertionError(f"{module} is in no layer: add it to LAYERS")


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    """The gwr modules a file imports, anywhere in it (imports inside functions too)."""
    package = module_name(path) if path.name == "__init__.py" else module_name(path).rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            found |= {f"{base}.{alias.name}" for alias in node.names} if not node.module else {base}
    return {name for name in found if name == "gwr" or name.startswith("gwr.")}


def violations(imports: dict[str, set[str]]) -> list[str]:
    """'a imports b' for every import of a later layer."""
    return sorted(f"{module} imports {name}" for module, names in imports.items() for name in names
                  if name != "gwr" and layer_of(name) > layer_of(module))


def package_imports() -> dict[str, set[str]]:
    return {module_name(p): imports_of(p) for p in sorted((ROOT / "gwr").rglob("*.py"))}


def test_each_layer_imports_only_itself_and_earlier_layers():
    imports = package_imports()
    assert len(imports) > 30 and imports["gwr.build.pipeline"]  # the package was read
    assert violations(imports) == []


def test_a_stage_importing_the_engine_or_a_later_stage_is_caught():
    assert violations({"gwr.parse.outline": {"gwr.build.memo"}}) == ["gwr.parse.outline imports gwr.build.memo"]
    assert violations({"gwr.site.render": {"gwr.search.shards", "gwr.enrich.marks"}}) == [
        "gwr.site.render imports gwr.search.shards"]
    assert violations({"gwr.preview.serve": {"gwr.build.pipeline"}}) == []
