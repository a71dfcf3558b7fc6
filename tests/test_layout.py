"""The house rules on the import map (scripts/import_map.py): which package may import
which. `deepfake_edu` only configures and wires, `common` knows no app, and the video
analysis is plain Python."""

from __future__ import annotations

from scripts.import_map import PACKAGES, arrows, imported_modules, modules

APPS = tuple(package for package in PACKAGES if package != "deepfake_edu")
# The only modules that name the apps: they are the configuration.
WIRING = {"deepfake_edu.settings", "deepfake_edu.urls"}


def test_deepfake_edu_imports_apps_only_in_its_settings_and_urls():
    importers = {
        module
        for (source, target), found in arrows().items()
        if source == "deepfake_edu" and target in APPS
        for module in found
    }
    assert importers <= WIRING, sorted(importers - WIRING)


def test_no_app_imports_deepfake_edu():
    importers = {
        module
        for (_, target), found in arrows().items()
        if target == "deepfake_edu"
        for module in found
    }
    assert not importers, sorted(importers)


def test_common_imports_no_app():
    imported = {target for (source, target) in arrows() if source == "common"}
    assert not imported, sorted(imported)


def is_django(imported: str) -> bool:
    top = imported.split(".")[0]
    return top == "django" or top.startswith("django_")


def test_the_video_analysis_imports_nothing_from_django_or_the_apps():
    wrong = {
        f"{name} imports {imported}"
        for name, path in modules()
        if name.startswith("detector.analysis")
        for imported in imported_modules(name, path)
        if is_django(imported)
        or (imported.split(".")[0] in PACKAGES and not imported.startswith("detector.analysis"))
    }
    assert not wrong, sorted(wrong)
