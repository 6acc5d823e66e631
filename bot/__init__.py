"""PolicyBot's adapters and entry points: the CLI, the admin web UI, the Slack and Teams bots.

Importing the package switches off dependencies' telemetry before any of them is loaded
(bot/application/offline.py): every entry point (`policybot`, the servers, tests) imports `bot` first.
"""
from bot.application.offline import switch_off_telemetry

switch_off_telemetry()
