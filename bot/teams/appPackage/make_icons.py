"""Draws the Teams app icons (color.png 192x192, outline.png 32x32) with the standard library only.

Run once after changing the design: `python bot/teams/appPackage/make_icons.py`.
The colour icon is a blue tile with a white document; the outline icon is the
same document in white on a transparent background, as Teams requires.
"""
from __future__ import annotations

import struct
import zlib
from pathlib import Path

HERE = Path(__file__).resolve().parent
BLUE = (0x1F, 0x5C, 0x99, 255)
WHITE = (255, 255, 255, 255)
CLEAR = (0, 0, 0, 0)


def png(width: int, height: int, pixel) -> bytes:
    """An RGBA PNG whose colour at (x, y) is pixel(x, y)."""
    rows = b"".join(b"\x00" + b"".join(bytes(pixel(x, y)) for x in range(width)) for y in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b"")


def document(size: int, x: int, y: int) -> str:
    """'page', 'line' or '' for a document glyph scaled to a size x size square."""
    left, right, top, bottom = size * 0.28, size * 0.72, size * 0.18, size * 0.82
    if not (left <= x < right and top <= y < bottom):
        return ""
    line_height = size / 15
    in_text = left + size * 0.07 <= x < right - size * 0.07 and y > top + line_height
    if in_text and int((y - top) / line_height) % 2 == 0 and y < bottom - line_height * 0.6:
        return "line"
    return "page"


def color_pixel(x: int, y: int):
    part = document(192, x, y)
    return BLUE if part in ("", "line") else WHITE


def outline_pixel(x: int, y: int):
    # Outline icons must be white and transparent only; the page is drawn as a hollow frame.
    left, right, top, bottom = 9, 23, 5, 27
    on_frame = (left <= x < right and top <= y < bottom) and (x in (left, right - 1) or y in (top, bottom - 1))
    on_line = left + 3 <= x < right - 3 and y in (10, 14, 18, 22)
    return WHITE if on_frame or on_line else CLEAR


if __name__ == "__main__":
    (HERE / "color.png").write_bytes(png(192, 192, color_pixel))
    (HERE / "outline.png").write_bytes(png(32, 32, outline_pixel))
