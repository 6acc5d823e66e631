"""Microsoft Teams adapter: the only package that imports botbuilder.

Activity in -> question -> `AnswerService.ask` -> Adaptive Card out. Escalations
go to the admins' channel as a card; answers come back to the asker
proactively through `TeamsNotifier`. A move to the Microsoft 365 Agents SDK
is this folder's work only.
"""
