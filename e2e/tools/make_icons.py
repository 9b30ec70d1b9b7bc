"""Draws the toolbar icons (a blue shield with a white inner outline: neutral, it never says "safe") into extension/icons/: no image library needed.
Run: python e2e/tools/make_icons.py"""
import struct
import zlib
from pathlib import Path

OUT = Path(__file__).resolve().parents[2] / "extension" / "icons"


def png(size: int, pixel) -> bytes:
    rows = b"".join(b"\0" + b"".join(bytes(pixel(x, y, size)) for x in range(size)) for y in range(size))
    chunk = lambda kind, data: struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b""))


def inside_shield(u: float, v: float) -> bool:
    """u, v in 0..1: flat top, straight sides to 55 %, then a curve to the point at the bottom."""
    if v < 0.06 or v > 0.96:
        return False
    if v < 0.55:
        return 0.12 <= u <= 0.88
    half = 0.38 * (1 - ((v - 0.55) / 0.41) ** 1.6)
    return abs(u - 0.5) <= half


def pixel(x: int, y: int, size: int):
    samples = [(x + (i + 0.5) / 4, y + (j + 0.5) / 4) for i in range(4) for j in range(4)]
    shield = check = 0
    for sx, sy in samples:
        u, v = sx / size, sy / size
        if inside_shield(u, v):
            shield += 1
            check += inside_shield(0.5 + (u - 0.5) / 0.7, 0.5 + (v - 0.52) / 0.7) and \
                not inside_shield(0.5 + (u - 0.5) / 0.5, 0.5 + (v - 0.52) / 0.5)
    if not shield:
        return (0, 0, 0, 0)
    alpha = round(255 * shield / len(samples))
    w = check / shield
    blue = (11, 87, 208)
    return tuple(round(c * (1 - w) + 255 * w) for c in blue) + (alpha,)


if __name__ == "__main__":
    OUT.mkdir(exist_ok=True)
    for size in (16, 32, 48, 128):
        (OUT / f"icon-{size}.png").write_bytes(png(size, pixel))
