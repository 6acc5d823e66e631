"""Turns policy documents (.txt, .md, .html, .pdf, .docx) into clauses and loads them into a collection."""
