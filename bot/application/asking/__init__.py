"""Asking a question from any platform: one service, a durable inbox worker, and its platform replies."""
