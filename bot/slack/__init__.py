"""The Slack adapter: slack-bolt listeners that turn Slack payloads into questions and Answers into Block Kit.

slack-bolt and slack-sdk are imported only inside this package. Entry points:
`build_app(...)` (app.py) builds the bolt App; `run(...)` (run.py) serves it in Socket Mode or HTTP mode;
`SlackNotifier` (notifier.py) delivers admins' answers back to Slack askers.
"""
