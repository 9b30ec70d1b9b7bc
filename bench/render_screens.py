"""Pictures for bench/screen_ocr.py (issue 15), from a real-page corpus (helper/page_corpus.py format):

  bench/render_screens.py PAGES_DIR OUT_DIR      (OUT_DIR outside the repository: third-party, partly criminal pages)

1. every corpus page rendered at 1280x800 in headless Chromium with no network (every request but the page itself
   is aborted; dialogs dismissed), 1.5 s after load: NNN-page.png (and NNN-pixel.png, the same picture in a
   <canvas>: what the tab shows of a page that is only a picture of itself), and index.json;
2. for each scare page, its pixel-only copy: the page's own warning lines (the visible lines that hold what its DOM
   check found: the claim, the call instruction, the number, with the lines around them, at most 14) drawn into a
   1280x800 <canvas> in one of four looks (white on Windows blue, black on white, white on black, red on white),
   wrapped like a browser wraps (Latin at a space, Japanese anywhere), and screenshotted: NNN-drawn.png, and
   drawn.json (what was drawn, the page's DOM verdict). The copy's DOM has no text.
"""
import base64, hashlib, json, sys
from pathlib import Path
from playwright.sync_api import sync_playwright
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from helper.engine import Engine
from helper.html_extract import extract_page
from helper.page_corpus import neutral_url, read_corpus

PAGES, OUT = Path(sys.argv[1]), Path(sys.argv[2])
OUT.mkdir(parents=True, exist_ok=True)
CHROMIUM = "/usr/bin/chromium"
entries = read_corpus(PAGES)
PIXEL = """<!doctype html><html><head><meta charset=utf-8><title>&#8203;</title><style>html,body{margin:0;overflow:hidden}</style>
</head><body><canvas id=c width=1280 height=800></canvas><script>
const i=new Image();i.onload=()=>{document.getElementById('c').getContext('2d').drawImage(i,0,0);document.title='ready'};i.src='%s';
</script></body></html>"""
index = []
with sync_playwright() as p:
    b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
    for n, e in enumerate(entries):
        if e.path.suffix != ".html":
            continue
        ctx = b.new_context(viewport={"width": 1280, "height": 800})
        page = ctx.new_page()
        page.on("dialog", lambda d: d.dismiss())
        html = e.path.read_bytes()
        page.route("**/*", lambda r, _req=None, html=html: r.fulfill(body=html, content_type="text/html") if r.request.url.startswith("http://page.test/") and r.request.resource_type == "document" else r.abort())
        try:
            page.goto("http://page.test/", timeout=15000, wait_until="load")
            page.wait_for_timeout(1500)
            shot = page.screenshot(timeout=10000)
        except Exception as exc:
            print("skip", e.file, exc.__class__.__name__, file=sys.stderr); ctx.close(); continue
        name = f"{n:03d}"
        (OUT / f"{name}-page.png").write_bytes(shot)
        url = "data:image/png;base64," + base64.b64encode(shot).decode()
        page2 = ctx.new_page()
        page2.set_content(PIXEL % url)
        page2.wait_for_function("document.title === 'ready'", timeout=10000)
        (OUT / f"{name}-pixel.png").write_bytes(page2.screenshot())
        index.append({"name": name, "file": e.file, "folder": e.folder, "label": e.label, "family": e.family,
                      "lang": e.lang, "half": e.half, "source": e.source})
        ctx.close()
    b.close()
(OUT / "index.json").write_text(json.dumps(index, indent=1))
print(len(index), "rendered")

by_file = {e.file: e for e in entries}
engine = Engine()
LOOKS = [("#0078d7", "#ffffff", 26), ("#ffffff", "#000000", 22), ("#000000", "#ffffff", 24), ("#ffffff", "#c62828", 28)]
DRAW = """<!doctype html><html><head><meta charset=utf-8><title>&#8203;</title><style>html,body{margin:0;overflow:hidden}</style></head>
<body><canvas id=c width=1280 height=800></canvas><script>
const [bg, fg, size, lines] = %s;
const c = document.getElementById('c'), g = c.getContext('2d');
g.fillStyle = bg; g.fillRect(0, 0, 1280, 800); g.fillStyle = fg;
g.font = `${size}px "IPAGothic", "IPAPGothic", sans-serif`; g.textBaseline = 'top';
let y = 40;
for (const line of lines) {
  let cur = '';
  // Like a browser: Latin text wraps at a space, Japanese between any two characters.
  for (const ch of line) {
    if (g.measureText(cur + ch).width > 1180) {
      const cut = /[\u3000-\u30ff\u4e00-\u9fff\uff00-\uffef]/.test(ch) ? -1 : cur.lastIndexOf(' ');
      const head = cut > 0 ? cur.slice(0, cut) : cur;
      g.fillText(head, 50, y); y += size * 1.5; cur = cut > 0 ? cur.slice(cut + 1) : '';
    }
    cur += ch;
  }
  if (cur) { g.fillText(cur, 50, y); y += size * 1.5; }
  y += size * 0.5;
  if (y > 780) break;
}
document.title = 'ready';
</script></body></html>"""
drawn = []
with sync_playwright() as p:
    b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
    for e in index:
        if e["family"] != "scareware":
            continue
        entry = by_file[e["file"]]
        url = neutral_url(entry)
        page = extract_page(entry.path.read_bytes(), url)
        v = engine.verdict(url, page)
        ev = [r["evidence"] for r in v["reasons"] if r["code"].startswith("PAGE_TSS")]
        keys = [str(x.get(k)) for x in ev for k in ("phrase", "number") if x.get(k)]
        lines = [l.strip() for l in page["text"].splitlines() if l.strip()]
        norm = lambda s: " ".join(s.lower().split())
        hits = [i for i, l in enumerate(lines) if any(norm(k)[:12] in norm(l) for k in keys)]
        keep = sorted({j for i in hits for j in (i - 1, i, i + 1) if 0 <= j < len(lines)})
        chosen = [lines[j][:300] for j in keep][:14]
        look = LOOKS[hashlib.sha256(e["file"].encode()).digest()[0] % len(LOOKS)]
        ctx = b.new_context(viewport={"width": 1280, "height": 800})
        pg = ctx.new_page()
        pg.set_content(DRAW % json.dumps([*look, chosen], ensure_ascii=False))
        pg.wait_for_function("document.title === 'ready'")
        (OUT / f"{e['name']}-drawn.png").write_bytes(pg.screenshot())
        ctx.close()
        drawn.append({**e, "url": url, "dom_verdict": v["verdict"], "dom_codes": [r["code"] for r in v["reasons"]],
                      "lines": chosen, "look": look[:2]})
    b.close()
(OUT / "drawn.json").write_text(json.dumps(drawn, ensure_ascii=False, indent=1))
print(len(drawn), "drawn;", sum(d["dom_verdict"] != "allow" for d in drawn), "stopped by their DOM text")
