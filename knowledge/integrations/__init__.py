"""Adapters that let other frameworks use PolicyBot's retrieval (only langchain for now)."""
