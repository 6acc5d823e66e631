"""The one settings object: `app.yaml` plus environment overrides, loaded and checked once at start.

Each part owns its sections and their checks: the core's `chroma`, `retrieval` and `ingest`
(knowledge/settings.py), the adapters' `slack`, `teams` and `admin` (their folders' settings.py), and
this layer's own: `data_dir`, `default_collection`, `database_url`, `collections`, `asking`, `inbox`.
`load_settings` reads the file, applies the environment and composes them; this is the one module of
the application layer that imports from the adapters, and only their settings.

A bad value is one `SettingsError` naming the file and dotted key, e.g.
`app.yaml: retrieval.min_relevance: expected a number, got 'high'`; every entry point turns it into
that one line and exit code 2 (bot/cli/common.py).

Non-secret settings live in `app.yaml` (documented there). Secrets (tokens, passwords, signing
secrets) are read only from the environment, through `Settings.secret(name)`, so they can never end
up in a committed file.

Environment overrides:
    POLICYBOT_CONFIG      path of the YAML file (default ./app.yaml if present)
    POLICYBOT_DATA_DIR    data directory (default ./data)
    POLICYBOT_COLLECTION  default collection
    DATABASE_URL          escalation/question-log database (default SQLite in the data dir)
    POLICYBOT_CHROMA_URL  http://host:port of a Chroma server (switches the store to HTTP mode)
    SLACK_API_URL         Slack Web API base URL (slack.api_url)
"""
from __future__ import annotations

import os
import socket
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Mapping
from urllib.parse import urlsplit

import yaml

from bot.admin.settings import AdminSettings
from bot.slack.settings import SlackSettings, read_slack
from bot.teams.settings import TeamsSettings
from knowledge.sections import Section, SettingsError, check_value, read_section, setting, shown
from bot.application.staff_groups.settings import StaffGroupSettings, read_staff_groups
from knowledge.settings import ChromaSettings, IngestSettings, RetrievalSettings
from knowledge.staff_groups.rules import GroupRules
from knowledge.staff_groups.settings import check_series, group_map

__all__ = ["AdminSettings", "AskingSettings", "ChromaSettings", "CollectionSettings", "InboxSettings",
           "IngestSettings", "RetrievalSettings", "Settings", "SettingsError", "SlackSettings", "TeamsSettings",
           "load_settings"]


@dataclass(frozen=True)
class CollectionSettings:
    organization: str = ""          # shown in citations ("Minuteman RVTSD: GBED ... › ..."); `ingest --org` overrides
    change_notices: bool = True     # tell askers when a re-ingest changes a clause they were answered from
    # The staff groups documents are written for: {doc id or glob: [group]} and a numbering convention
    # (knowledge/staff_groups/settings.py checks both; README, "One policy per staff group").
    groups: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    group_series: str = ""


@dataclass(frozen=True)
class AskingSettings(Section):
    KEY = "asking"
    # Escalations opened automatically for one asker per rolling hour; later ones are logged, not escalated.
    escalations_per_asker_per_hour: int = setting(5, low=0)


@dataclass(frozen=True)
class InboxSettings(Section):
    """The durable inbox of chat questions (see bot/application/asking/worker.py)."""
    KEY = "inbox"
    workers: int = setting(4, low=1)                   # answering threads per bot process
    lease_seconds: int = setting(60, low=1)            # a claimed question is re-answered by any replica after this
    poll_seconds: float = setting(5.0, low=0.01)       # how often a bot looks for questions left unanswered
    answer_window_minutes: int = setting(60, low=1)    # older unanswered questions are escalated as expired
    teams_wait_seconds: float = setting(5.0, low=0)    # a Teams turn waits this long, then the answer comes proactively
    # On SIGTERM/SIGINT, questions being answered get this long to finish; the rest are handed back.
    stop_grace_seconds: float = setting(20.0, low=0)
    # This process's name as the owner of the questions it answers (default: the host name). A restarted
    # process takes back its own instance's unfinished questions at once, without waiting for their lease;
    # replicas must each have their own name (distinct hosts do by default).
    instance: str = ""

    @property
    def instance_name(self) -> str:
        return (self.instance or socket.gethostname() or "policybot")[:60]


@dataclass(frozen=True)
class Settings:
    data_dir: Path = Path("data")
    default_collection: str = "default"
    database_url: str = ""
    chroma: ChromaSettings = ChromaSettings()
    retrieval: RetrievalSettings = RetrievalSettings()
    ingest: IngestSettings = IngestSettings()
    admin: AdminSettings = AdminSettings()
    slack: SlackSettings = SlackSettings()
    teams: TeamsSettings = TeamsSettings()
    collections: Mapping[str, CollectionSettings] = field(default_factory=dict)
    asking: AskingSettings = AskingSettings()
    inbox: InboxSettings = InboxSettings()
    staff_groups: StaffGroupSettings = StaffGroupSettings()
    env: Mapping[str, str] = field(default_factory=dict, repr=False, compare=False)

    @property
    def db_url(self) -> str:
        return self.database_url or f"sqlite:///{(self.data_dir / 'policybot.db').resolve()}"

    @property
    def chroma_path(self) -> Path:
        return self.data_dir / "chroma"

    def organization_for(self, collection: str) -> str:
        entry = self.collections.get(collection)
        return entry.organization if entry else ""

    def change_notices_for(self, collection: str) -> bool:
        entry = self.collections.get(collection)
        return entry.change_notices if entry else True
    def group_rules(self, collection: str, *, forced=()) -> GroupRules:
        """How ingest decides the staff groups of this collection's documents (`--group` values: `forced`)."""
        entry = self.collections.get(collection)
        return GroupRules.build(forced=forced, patterns=entry.groups if entry else {},
                                series=entry.group_series if entry else "")

    def secret(self, name: str) -> str | None:
        """A secret from the environment captured at load time (never from app.yaml)."""
        value = self.env.get(name)
        return value or None

    def with_data_dir(self, data_dir: str | Path) -> "Settings":
        return replace(self, data_dir=Path(data_dir))


# The top-level keys of app.yaml: plain values of this layer, then each part's section.
_SCALARS = ("data_dir", "default_collection", "database_url")
_SECTIONS = ("chroma", "retrieval", "ingest", "admin", "slack", "teams", "collections", "asking", "inbox",
             "staff_groups")


def load_settings(path: str | Path | None = None, env: Mapping[str, str] | None = None,
                  data_dir: str | Path | None = None) -> Settings:
    """Read `app.yaml` (if any), then apply environment and explicit overrides; SettingsError if any is bad."""
    env = dict(os.environ if env is None else env)
    path = Path(path or env.get("POLICYBOT_CONFIG") or "app.yaml")
    raw = _read_yaml(path)
    try:
        settings = _compose(raw, env)
    except SettingsError as error:
        raise (error if error.where else error.within(str(path))) from None
    settings = replace(settings, env=env)
    return settings.with_data_dir(data_dir) if data_dir else settings


def _read_yaml(path: Path) -> dict[str, Any]:
    if not path.is_file():
        return {}
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or "unreadable"
        raise SettingsError("", f"not valid YAML{where}: {problem}", where=str(path)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise SettingsError("", f"cannot be read ({exc.__class__.__name__}: {exc})", where=str(path)) from None
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise SettingsError("", f"expected a mapping of settings (key: value lines), got {shown(raw)}",
                            where=str(path))
    return raw


def _compose(raw: Mapping[str, Any], env: Mapping[str, str]) -> Settings:
    for key in raw:
        if key not in _SCALARS + _SECTIONS:
            raise SettingsError(str(key), f"unknown setting (known: {', '.join(sorted(_SCALARS + _SECTIONS))})")
    scalars = {key: check_value(key, raw[key], str, {}) for key in _SCALARS if raw.get(key) is not None}
    return Settings(
        data_dir=Path(env.get("POLICYBOT_DATA_DIR") or scalars.get("data_dir") or "data"),
        default_collection=env.get("POLICYBOT_COLLECTION") or scalars.get("default_collection") or "default",
        database_url=env.get("DATABASE_URL") or scalars.get("database_url") or "",
        chroma=_chroma(raw.get("chroma"), env),
        retrieval=read_section(RetrievalSettings, raw.get("retrieval"), "retrieval"),
        ingest=read_section(IngestSettings, raw.get("ingest"), "ingest"),
        admin=read_section(AdminSettings, raw.get("admin"), "admin"),
        slack=read_slack(raw.get("slack"), env),
        teams=read_section(TeamsSettings, raw.get("teams"), "teams"),
        collections=_collections(raw.get("collections")),
        asking=read_section(AskingSettings, raw.get("asking"), "asking"),
        inbox=read_section(InboxSettings, raw.get("inbox"), "inbox"),
        staff_groups=read_staff_groups(raw.get("staff_groups")),
    )


def _chroma(raw: Any, env: Mapping[str, str]) -> ChromaSettings:
    chroma = read_section(ChromaSettings, raw, "chroma")
    url = env.get("POLICYBOT_CHROMA_URL")
    if not url:
        return chroma
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        parts, port = None, None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
        raise SettingsError("POLICYBOT_CHROMA_URL", f"expected http://host:port, got {shown(url)}",
                            where="environment")
    return ChromaSettings(mode="http", host=parts.hostname, port=port or 8000)


def _collections(raw: Any) -> dict[str, CollectionSettings]:
    if raw is None:
        return {}
    if not isinstance(raw, Mapping):
        raise SettingsError("collections", "expected a mapping of collection names to their settings, "
                            f"e.g. {{minuteman: {{organization: ...}}}}, got {shown(raw)}")
    out = {}
    for name, value in raw.items():
        key = f"collections.{name}"
        value = dict(value) if isinstance(value, Mapping) else value
        groups = group_map(value.pop("groups", None), f"{key}.groups") if isinstance(value, dict) else {}
        series = check_series(value.pop("group_series", None), f"{key}.group_series") if isinstance(value, dict) else ""
        out[str(name)] = replace(read_section(CollectionSettings, value, key), groups=groups, group_series=series)
    return out
