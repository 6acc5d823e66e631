"""The application layer: the CLI, the chat adapters (Slack, Teams), the admin web UI and the escalation store."""
