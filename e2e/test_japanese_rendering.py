"""Japanese on the interstitial must be readable: real glyphs (not the boxes a machine without a Japanese font
draws), lines broken between phrases rather than mid-word, and no focus box around the headline on load."""
from e2e.support import SCREENSHOTS

# Each character is drawn on a canvas in the headline's own font and compared with a code point no font has
# (U+0378 is unassigned): a missing glyph is drawn as that same box, whatever the character.
GLYPHS_DRAWN = """() => {
  const font = getComputedStyle(document.getElementById('headline')).font;
  const canvas = document.createElement('canvas');
  canvas.width = 64; canvas.height = 64;
  const g = canvas.getContext('2d', {willReadFrequently: true});
  const draw = (c) => {
    g.clearRect(0, 0, 64, 64); g.font = font; g.fillStyle = '#000'; g.textBaseline = 'top'; g.fillText(c, 4, 4);
    return Array.from(g.getImageData(0, 0, 64, 64).data.filter((_, i) => i % 4 === 3)).join(',');
  };
  const missing = draw('\\u0378');
  const chars = [...new Set([...document.body.innerText].filter((c) => /[\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}]/u.test(c)))];
  const drawn = chars.map(draw);
  return {chars: chars.length, asMissing: chars.filter((c, i) => drawn[i] === missing),
          distinct: new Set(drawn).size};
}"""

# Where each line of an element starts (character offsets), from the layout itself.
LINE_STARTS = """(selector) => [...document.querySelectorAll(selector)].map((el) => {
  const node = el.firstChild, text = node?.textContent ?? '';
  const starts = [];
  let top = null;
  for (let i = 0; i < text.length; i++) {
    const range = document.createRange(); range.setStart(node, i); range.setEnd(node, i + 1);
    const rect = range.getClientRects()[0];
    if (!rect) continue;
    if (top !== null && rect.top > top + 2) starts.push(i);
    top = rect.top;
  }
  const words = new Set([...new Intl.Segmenter('ja', {granularity: 'word'}).segment(text)].map((s) => s.index));
  return {text, inside: starts.filter((i) => !words.has(i)).map((i) => text.slice(Math.max(0, i - 3), i) + '/' + text.slice(i, i + 3))};
})"""


def test_japanese_interstitial_draws_real_glyphs_breaks_by_phrase_and_draws_no_box_on_load(browser, site):
    page = browser.page
    browser.sw_eval("chrome.storage.local.set({lang: 'ja'})")
    browser.goto(site.url("xn--mazon-3ve.com", "/ap/signin"))
    browser.wait_url(page, r"blocked\.html")
    page.locator(".reasons li[data-code]").first.wait_for()
    assert page.evaluate("document.documentElement.lang") == "ja"
    glyphs = page.evaluate(GLYPHS_DRAWN)
    assert glyphs["chars"] > 30
    # Fails on a machine without a Japanese font (scripts/setup installs fonts-ipafont-gothic): every character
    # is the same box.
    assert glyphs["asMissing"] == [], f"drawn as missing glyphs: {''.join(glyphs['asMissing'])}"
    assert glyphs["distinct"] == glyphs["chars"]
    # Phrase-aware breaking: at a phone's width every line break in the Japanese text falls between words.
    page.set_viewport_size({"width": 360, "height": 800})
    assert page.evaluate("getComputedStyle(document.querySelector('.lead')).wordBreak") == "auto-phrase"
    lines = page.evaluate(LINE_STARTS, "#headline, .lead, .note, .checklist li, .reasons .reason-text")
    assert sum(1 for l in lines if l["text"]) > 8
    broken = [b for l in lines for b in l["inside"]]
    assert broken == [], f"lines broken inside a word: {broken}"
    page.screenshot(path=str(SCREENSHOTS / "interstitial-ja-narrow.png"), full_page=True)
    # The headline has focus (screen readers start there) but no box is drawn around it.
    assert page.evaluate("document.activeElement.id") == "headline"
    assert page.evaluate("getComputedStyle(document.getElementById('headline')).outlineStyle") == "none"
