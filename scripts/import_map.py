#!/usr/bin/env python3
"""The import map of the project's own packages: which package imports which.

Reads every module's imports from its source (nothing is run), top level and inside
functions, and prints one line per arrow with the number of imports behind it and
the modules they come from. Tests, benches, migrations and scripts are left out:
the map is of the product.

    python3 scripts/import_map.py            # every arrow
    python3 scripts/import_map.py --into deepfake_edu   # only arrows into one package

tests/test_layout.py holds the house rules against the same map.
"""

from __future__ import annotations

import argparse
import ast
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("deepfake_edu", "common", "lessons", "quiz", "demos", "classroom", "detector")
LEFT_OUT = ("migrations",)


def modules() -> list[tuple[str, Path]]:
    """(dotted name, path) of every product module."""
    found = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if any(part in LEFT_OUT for part in path.parts):
                continue
            dotted = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            found.append((dotted.removesuffix(".__init__"), path))
    return found


def imported_modules(name: str, path: Path) -> list[str]:
    """The dotted names a module imports (relative imports resolved)."""
    tree = ast.parse(path.read_text(), filename=str(path))
    is_package = path.name == "__init__.py"
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = name.split(".")
                if not is_package:
                    base = base[:-1]
                base = base[: len(base) - (node.level - 1)]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            names.append(module)
            names.extend(f"{module}.{alias.name}" for alias in node.names)
    return names


def arrows() -> dict[tuple[str, str], set[str]]:
    """(from package, to package) -> the importing modules. A module importing from its
    own package draws no arrow."""
    found: dict[tuple[str, str], set[str]] = defaultdict(set)
    for name, path in modules():
        source = name.split(".")[0]
        for imported in imported_modules(name, path):
            target = imported.split(".")[0]
            if target in PACKAGES and target != source:
                found[(source, target)].add(name)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--into", help="only the arrows into this package")
    args = parser.parse_args()
    for (source, target), importers in sorted(arrows().items()):
        if args.into and target != args.into:
            continue
        print(f"{source:>12} -> {target:<12} {len(importers):3}  {', '.join(sorted(importers))}")


if __name__ == "__main__":
    main()
