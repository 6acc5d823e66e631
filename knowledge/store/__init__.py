"""Vector-store adapters. Only this package imports chromadb."""
