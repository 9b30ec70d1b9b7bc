"""Screen reading (issue 15): which OCR engine, how well, how fast. Not a test: it prints numbers.

  bench/screen_ocr.py SHOTS_DIR [--engine tesseract rapidocr] [--repeat 1]

SHOTS_DIR (outside the repository: the pictures are of third-party, partly criminal pages) holds
  drawn.json   pixel-only scare pages: per page its name, corpus half, and the lines drawn into its <canvas>
  NNN-drawn.png the 1280×800 screenshot of each (headless Chromium, no network; the DOM has no text)
  index.json   every corpus page rendered, with NNN-page.png its own 1280×800 screenshot
as made by bench/render_screens.py (docs/PERFORMANCE.md, "Screen reading").

For each engine: the share of pixel-only scare pages the page check stops when it reads only the engine's text
(no DOM text, no behaviour counts: the hardest case), by corpus half; how many benign pages' screenshots the
read text turns into a warning or block; and the seconds per 1280×800 picture (p50, p99, max), read one after
another on this machine as it is (say how loaded it was). Tesseract is the helper's engine (helper/screen_text.py);
RapidOCR is read with its wheel's own models (rapidocr-onnxruntime), when installed.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from helper import screen_text  # noqa: E402
from helper.engine import Engine  # noqa: E402

BENIGN_FAMILIES = ("warning_article", "genuine_amazon", "benign_page")


def tesseract_reader():
    status = screen_text.engine_status()
    if not status.available:
        raise SystemExit(status.message)
    return status.engine, screen_text.read_image


def rapidocr_reader():
    import numpy as np
    from rapidocr_onnxruntime import RapidOCR
    from importlib.metadata import version
    ocr = RapidOCR()

    def read(image):
        result, _ = ocr(np.array(screen_text.prepare(image).convert("RGB")))
        return screen_text.tidy("\n".join(r[1] for r in result or []))
    return f"rapidocr-onnxruntime {version('rapidocr-onnxruntime')}", read


READERS = {"tesseract": tesseract_reader, "rapidocr": rapidocr_reader}


def cpu_now() -> float:
    """CPU seconds used so far by this process and its finished children (tesseract runs as a child)."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def pct(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, max(0, round(q * (len(values) - 1))))]


def run(shots: Path, engine_name: str, repeat: int) -> dict:
    from PIL import Image
    label, read = READERS[engine_name]()
    engine = Engine()
    drawn = json.loads((shots / "drawn.json").read_text(encoding="utf-8"))
    index = json.loads((shots / "index.json").read_text(encoding="utf-8"))
    times, cpu, stopped, missed = [], [], {"tune": [0, 0], "report": [0, 0]}, []
    for d in drawn:
        if d["dom_verdict"] == "allow":     # its own text does not stop it either: not a target
            continue
        image = Image.open(shots / f"{d['name']}-drawn.png")
        image.load()
        for _ in range(repeat):
            t, c = time.perf_counter(), cpu_now()
            text = read(image)
            times.append(time.perf_counter() - t)
            cpu.append(cpu_now() - c)
        v = engine.verdict(d["url"], {"title": "", "text": text, "lang": d["lang"]})
        stopped[d["half"]][1] += 1
        if v["verdict"] != "allow":
            stopped[d["half"]][0] += 1
        else:
            missed.append((d["name"], d["half"], text[:160].replace("\n", " | ")))
    benign, benign_flagged = 0, []
    for e in index:
        if e["family"] not in BENIGN_FAMILIES:
            continue
        image = Image.open(shots / f"{e['name']}-page.png")
        image.load()
        t, c = time.perf_counter(), cpu_now()
        text = read(image)
        times.append(time.perf_counter() - t)
        cpu.append(cpu_now() - c)
        benign += 1
        v = engine.verdict("https://www.example-benign-page.com/", {"title": "", "text": text, "lang": e["lang"]})
        if v["verdict"] != "allow":
            benign_flagged.append((e["name"], v["verdict"], [r["code"] for r in v["reasons"]]))
    return {"engine": label, "stopped": stopped, "missed": missed, "benign": benign, "benign_flagged": benign_flagged,
            "seconds": {"n": len(times), "p50": pct(times, 0.5), "p99": pct(times, 0.99), "max": max(times),
                        "mean": statistics.fmean(times)},
            "cpu": {"p50": pct(cpu, 0.5), "p99": pct(cpu, 0.99), "max": max(cpu)}}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("shots", type=Path)
    ap.add_argument("--engine", nargs="+", choices=sorted(READERS), default=["tesseract"])
    ap.add_argument("--repeat", type=int, default=1, help="read each scare picture this many times (timing)")
    args = ap.parse_args(argv)
    print(f"# {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at start")
    for name in args.engine:
        r = run(args.shots, name, args.repeat)
        s = r["stopped"]
        total = [s["tune"][0] + s["report"][0], s["tune"][1] + s["report"][1]]
        print(f"\n## {r['engine']}")
        for half, (k, n) in [("tune", s["tune"]), ("report", s["report"]), ("all", total)]:
            print(f"pixel-only scare pages stopped ({half}): {k}/{n} = {100 * k / max(n, 1):.0f} %")
        print(f"benign page screenshots turned into warn/block: {len(r['benign_flagged'])}/{r['benign']}")
        for b in r["benign_flagged"]:
            print("  benign flagged:", *b)
        for m in r["missed"]:
            print("  missed:", *m)
        t = r["seconds"]
        print(f"seconds per 1280x800 picture (n={t['n']}): p50 {t['p50']:.2f}, p99 {t['p99']:.2f}, "
              f"max {t['max']:.2f}, mean {t['mean']:.2f}")
        c = r["cpu"]
        print(f"CPU seconds per picture (all threads; what it costs on an idle machine): p50 {c['p50']:.2f}, "
              f"p99 {c['p99']:.2f}, max {c['max']:.2f}")
        print(f"load average after: {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
