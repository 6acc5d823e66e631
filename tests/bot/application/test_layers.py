"""Imports point one way: knowledge/ (the core) and ingest/ import nothing from bot/; the application layer
(bot/application/) imports no adapter, except that its settings compose each adapter's own section; the
adapters (cli, slack, teams, admin) do not import each other, except the CLI, which starts every process."""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
ADAPTERS = ("cli", "slack", "teams", "admin")


def imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def offenders(folder: Path, forbidden, allowed=lambda path, module: False) -> list[str]:
    out = []
    for path in sorted(folder.rglob("*.py")):
        for module in sorted(imported_modules(path)):
            if forbidden(module) and not allowed(path, module):
                out.append(f"{path.relative_to(ROOT)} imports {module}")
    return out


def test_the_core_and_ingest_import_nothing_from_bot():
    for folder in ("knowledge", "ingest"):
        assert offenders(ROOT / folder, lambda m: m == "bot" or m.startswith("bot.")) == []


def test_the_application_layer_imports_no_adapter_but_their_settings_sections():
    def adapter(module: str) -> bool:
        return any(module == f"bot.{a}" or module.startswith(f"bot.{a}.") for a in ADAPTERS)

    def settings_section(path: Path, module: str) -> bool:
        parts = module.split(".")
        return path == ROOT / "bot" / "application" / "settings.py" and len(parts) >= 3 and parts[2] == "settings"

    assert offenders(ROOT / "bot" / "application", adapter, settings_section) == []


def test_chat_adapters_do_not_import_each_other():
    for name in ("slack", "teams", "admin"):
        others = [a for a in ADAPTERS if a != name]
        assert offenders(ROOT / "bot" / name,
                         lambda m: any(m == f"bot.{o}" or m.startswith(f"bot.{o}.") for o in others)) == []


def test_the_scan_sees_imports_inside_functions():
    found = imported_modules(ROOT / "bot" / "cli" / "notifiers.py")
    assert "bot.slack.notifier" in found and "bot.application.escalations.notify" in found
