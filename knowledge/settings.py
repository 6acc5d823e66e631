"""The one settings object: `app.yaml` plus environment overrides, loaded once.

Non-secret settings live in `app.yaml` (documented there). Secrets (tokens,
passwords, signing secrets) are read only from the environment, through
`Settings.secret(name)`, so they can never end up in a committed file.

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
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Mapping

import yaml

from knowledge.staff_groups.settings import StaffGroupSettings, check_series, group_map


@dataclass(frozen=True)
class ChromaSettings:
    mode: str = "embedded"          # "embedded" (on-disk, in-process) or "http" (a `chroma run` server)
    host: str = "127.0.0.1"
    port: int = 8000


@dataclass(frozen=True)
class RetrievalSettings:
    top_k: int = 4                  # citations returned
    candidates: int = 20            # per retriever before fusion
    dense_weight: float = 0.6       # without trained ranking weights: the dense share of the score
    # Without a trained coverage model (knowledge/trained/coverage.json): escalate as not covered when the
    # best clause scores below this.
    min_relevance: float = 0.34
    # A verdict needs this much confidence above the "not covered" line (coverage probability minus its
    # threshold); below it the clauses are quoted without a verdict.
    weak_margin: float = 0.02
    # Citations after the first must score at least this fraction of the best.
    keep_ratio: float = 0.75
    max_question_chars: int = 2000


@dataclass(frozen=True)
class IngestSettings:
    # How a clause's in-context vector is made: "exact" encodes the clause with its heading and
    # lead-in (a second encoding per clause); "composed" encodes each distinct heading/lead-in once
    # and adds it to the clause's own vector: about twice as fast, slightly lower quality (README).
    context_vectors: str = "exact"
    max_file_mb: float = 25.0               # larger files are refused, with an error naming this setting
    max_pdf_pages: int = 2000
    max_docx_uncompressed_mb: float = 200.0  # a .docx is a zip: checked before it is unpacked
    max_docx_ratio: float = 100.0            # uncompressed/compressed size; above it, a likely zip bomb
    # A text file that is not UTF-8 (or UTF-16 with BOM) is read in the encoding charset-normalizer guesses;
    # a guess less sure than this (0..1) is refused, with an error naming this setting.
    min_encoding_confidence: float = 0.8

    def __post_init__(self):
        if self.context_vectors not in ("exact", "composed"):
            raise ValueError(f"ingest.context_vectors must be 'exact' or 'composed', not {self.context_vectors!r}")
        if not (isinstance(self.min_encoding_confidence, (int, float)) and 0 <= self.min_encoding_confidence <= 1):
            raise ValueError("ingest.min_encoding_confidence must be a number from 0 to 1, "
                             f"not {self.min_encoding_confidence!r}")

    @property
    def compose(self) -> bool:
        return self.context_vectors == "composed"


@dataclass(frozen=True)
class AdminSettings:
    host: str = "127.0.0.1"
    port: int = 8080
    retention_days: int = 0         # 0 keeps question text forever
    session_idle_minutes: int = 30  # a session unused this long ends
    session_max_hours: int = 12     # a session ends this long after login, however busy
    # Mark the session cookie Secure (sent over HTTPS only). Always on for a request that
    # came over HTTPS directly or, through a trusted proxy, with X-Forwarded-Proto: https.
    secure_cookies: bool = False
    # Addresses or networks (CIDR) of reverse proxies whose X-Forwarded-For / -Proto are
    # believed; from anyone else these headers are ignored.
    trusted_proxies: tuple[str, ...] = ()


@dataclass(frozen=True)
class SlackSettings:
    mode: str = "socket"            # "socket" (SLACK_APP_TOKEN) or "http" (/slack/events)
    port: int = 3000
    admin_channel: str = ""         # channel id where escalations are posted
    admin_users: tuple[str, ...] = ()
    admin_usergroup: str = ""
    workspaces: Mapping[str, str] = field(default_factory=dict)   # team id -> collection
    api_url: str = ""               # Web API base URL (GovSlack, a proxy, tests); "" = https://slack.com/api/
    allowed_bots: tuple[str, ...] = ()   # bot/app ids (B…/A…) whose messages are answered; other bots are ignored
    # Socket Mode: a WebSocket ping this often; no pong within the same time means the connection is dead
    # (a silent network cut is noticed in about two periods) and a new one is opened.
    ping_seconds: float = 2.0

    def __post_init__(self):
        if not (isinstance(self.ping_seconds, (int, float)) and 0.1 <= self.ping_seconds <= 60):
            raise ValueError(f"slack.ping_seconds must be a number of seconds from 0.1 to 60, not {self.ping_seconds!r}")


@dataclass(frozen=True)
class TeamsSettings:
    host: str = "127.0.0.1"
    port: int = 3978
    admin_conversation: str = ""    # conversation id of the admins' channel, if fixed in config
    admin_aad_ids: tuple[str, ...] = ()
    tenants: Mapping[str, str] = field(default_factory=dict)      # tenant id -> collection
    allowed_bots: tuple[str, ...] = ()   # bot account ids whose messages are answered; other bots are ignored
    # serviceUrl patterns trusted besides the Bot Framework/Teams hosts, e.g. "https://*.example.org/"
    service_urls: tuple[str, ...] = ()
    # Which Microsoft cloud issues and checks the bot's tokens: "public" (default), "usgov" (GCC High,
    # botbuilder's US Government endpoints) or "custom" (the three endpoints below; e.g. a test token service).
    cloud: str = "public"
    token_endpoint: str = ""        # custom: where the bot gets its own tokens (OAuth client credentials)
    openid_metadata: str = ""       # custom: the OpenID configuration whose keys sign channel tokens
    token_issuer: str = ""          # custom: the `iss` channel tokens must carry

    def __post_init__(self):
        if self.cloud not in ("public", "usgov", "custom"):
            raise ValueError(f"teams.cloud must be 'public', 'usgov' or 'custom', not {self.cloud!r}")
        if self.cloud == "custom":
            missing = [name for name in ("token_endpoint", "openid_metadata", "token_issuer") if not getattr(self, name)]
            if missing:
                raise ValueError("teams.cloud: custom needs " + ", ".join(f"teams.{m}" for m in missing))


@dataclass(frozen=True)
class CollectionSettings:
    organization: str = ""          # shown in citations ("Minuteman RVTSD: GBED ... › ..."); `ingest --org` overrides
    # Staff groups by document (knowledge/staff_groups/settings.py): {doc id or glob: [group]}, a numbering convention.
    groups: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    group_series: str = ""


@dataclass(frozen=True)
class AskingSettings:
    # Escalations opened automatically for one asker per rolling hour; later ones are logged, not escalated.
    escalations_per_asker_per_hour: int = 5


@dataclass(frozen=True)
class InboxSettings:
    """The durable inbox of chat questions (see bot/application/asking/worker.py)."""
    workers: int = 4                # answering threads per bot process
    lease_seconds: int = 60         # a claimed question is re-answered by any replica after this
    poll_seconds: float = 5.0       # how often a bot looks for questions left unanswered
    answer_window_minutes: int = 60  # older unanswered questions are escalated as expired, not answered
    teams_wait_seconds: float = 5.0   # a Teams turn waits this long for its answer, then it comes proactively
    # On SIGTERM/SIGINT, questions being answered get this long to finish; the rest are handed back.
    stop_grace_seconds: float = 20.0
    # This process's name as the owner of the questions it answers (default: the host name). A restarted
    # process takes back its own instance's unfinished questions at once, without waiting for their lease;
    # replicas must each have their own name (distinct hosts do by default).
    instance: str = ""

    @property
    def instance_name(self) -> str:
        import socket
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

    def group_rules(self, collection: str, *, forced=()):
        """How ingest decides the staff groups of this collection's documents (`knowledge.staff_groups.rules`)."""
        from knowledge.staff_groups.rules import GroupRules

        entry = self.collections.get(collection)
        return GroupRules.build(forced=forced, patterns=entry.groups if entry else {},
                                series=entry.group_series if entry else "")

    def secret(self, name: str) -> str | None:
        """A secret from the environment captured at load time (never from app.yaml)."""
        value = self.env.get(name)
        return value or None

    def with_data_dir(self, data_dir: str | Path) -> "Settings":
        return replace(self, data_dir=Path(data_dir))


def _section(cls, raw: Mapping[str, Any] | None):
    raw = dict(raw or {})
    known = {f for f in cls.__dataclass_fields__}
    unknown = set(raw) - known
    if unknown:
        raise ValueError(f"unknown setting(s) in {cls.__name__}: {', '.join(sorted(unknown))}")
    for key, value in raw.items():
        if isinstance(value, list):
            raw[key] = tuple(str(v) for v in value)
        elif isinstance(value, dict):
            raw[key] = {str(k): str(v) for k, v in value.items()}
    return cls(**raw)


def _collections(raw: Mapping[str, Any] | None) -> dict[str, CollectionSettings]:
    if raw is None:
        return {}
    if not isinstance(raw, Mapping):
        raise ValueError("collections must map a collection name to its settings, e.g. {minuteman: {organization: ...}}")
    out = {}
    for name, value in raw.items():
        value = dict(value) if isinstance(value, Mapping) else {}
        groups = group_map(value.pop("groups", None), f"collections.{name}.groups")
        out[str(name)] = replace(_section(CollectionSettings, value), groups=groups)
        check_series(out[str(name)].group_series, f"collections.{name}.group_series")
    return out


def _slack(raw: Mapping[str, Any] | None, env: Mapping[str, str]) -> SlackSettings:
    slack = _section(SlackSettings, raw)
    api_url = env.get("SLACK_API_URL") or slack.api_url
    if api_url and not api_url.endswith("/"):
        api_url += "/"              # slack_sdk joins method names onto the base URL
    return replace(slack, api_url=api_url)


def load_settings(path: str | Path | None = None, env: Mapping[str, str] | None = None,
                  data_dir: str | Path | None = None) -> Settings:
    """Read `app.yaml` (if any), then apply environment and explicit overrides."""
    env = dict(os.environ if env is None else env)
    path = Path(path or env.get("POLICYBOT_CONFIG") or "app.yaml")
    raw: dict[str, Any] = {}
    if path.is_file():
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    chroma = _section(ChromaSettings, raw.get("chroma"))
    if env.get("POLICYBOT_CHROMA_URL"):
        from urllib.parse import urlparse
        url = urlparse(env["POLICYBOT_CHROMA_URL"])
        chroma = ChromaSettings(mode="http", host=url.hostname or "127.0.0.1", port=url.port or 8000)
    settings = Settings(
        data_dir=Path(data_dir or env.get("POLICYBOT_DATA_DIR") or raw.get("data_dir") or "data"),
        default_collection=env.get("POLICYBOT_COLLECTION") or raw.get("default_collection") or "default",
        database_url=env.get("DATABASE_URL") or raw.get("database_url") or "",
        chroma=chroma,
        retrieval=_section(RetrievalSettings, raw.get("retrieval")),
        ingest=_section(IngestSettings, raw.get("ingest")),
        admin=_section(AdminSettings, raw.get("admin")),
        slack=_slack(raw.get("slack"), env),
        teams=_section(TeamsSettings, raw.get("teams")),
        collections=_collections(raw.get("collections")),
        asking=_section(AskingSettings, raw.get("asking")),
        inbox=_section(InboxSettings, raw.get("inbox")),
        staff_groups=StaffGroupSettings.from_raw(raw.get("staff_groups")),
        env=env,
    )
    return settings
