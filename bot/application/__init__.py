"""PolicyBot's application layer, shared by every adapter (CLI, Slack, Teams, admin UI).

The engine that answers (`engine`), how the parts are put together from settings (`wiring`), the ask
service and its durable inbox (`asking`, "Ask an admin" included), the escalation queue and its store
(`escalations`), health checks, graceful stop, error wording, the small pieces every chat edge needs (a
memory of recent items, payload shape checks, loopback addresses, verdict labels), and the composed
settings (`settings`). Adapters import from here; nothing here imports an adapter, except that `settings`
composes each adapter's own settings section.
"""
