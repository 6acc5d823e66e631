"""Flattening Adaptive Cards to text, so tests can assert on what a reader would see."""
from __future__ import annotations


def card_texts(card: dict) -> str:
    """Every TextBlock and fact of a card's body, one per line."""
    out: list[str] = []

    def walk(node) -> None:
        if isinstance(node, dict):
            if node.get("type") == "TextBlock":
                out.append(node["text"])
            if node.get("type") == "FactSet":
                out.extend(f"{f['title']}: {f['value']}" for f in node["facts"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(card.get("body", []))
    return "\n".join(out)


def inputs(card: dict) -> dict[str, str]:
    """Input element id -> type, anywhere in the body."""
    return {node["id"]: node["type"] for node in card.get("body", []) if str(node.get("type")).startswith("Input.")}
