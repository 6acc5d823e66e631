"""The admin web UI: FastAPI + server-rendered Jinja2 pages over the escalation store.

Build it with `bot.admin.app.create_app(settings, store, service)`; `policybot admin` serves it.
"""
