// Isolated world, loaded before collect.js in every frame: the page's text as the user reads it (issue 12).
// innerText is the base (it already leaves out display:none and visibility:hidden text, and lays out <br>); what
// it gets wrong for us is put right, each with bounded work:
//  - text drawn by CSS (::before / ::after / ::marker `content:`, a list marker that is a string or an
//    @counter-style's words) is not in it: read on the elements the page's stylesheets give such content (all
//    leaf elements, bounded, when a stylesheet cannot be read), put where it is drawn;
//  - the readings set over words (<ruby><rt>) are in it, inside the word: left out, so "感<rt>かん</rt>染" reads 感染;
//  - a row of one letter (or a few characters) per element in a flex, grid or positioned layout comes out one
//    piece per line: joined in the order it is drawn, with a space only where a gap shows;
//  - text drawn invisible (opacity 0, no size, off-screen, clipped away, font-size 0, a transparent colour or the
//    colour of its background) is in it: what is seen is what is judged, so a block that is surely unseen (none of
//    its few descendants can show itself) is left out; on a long page one that may hold a part that escapes (a
//    positioned descendant) is moved behind the visible text, so the bound on what is sent and read cannot be
//    filled with it; an inkless one is looked inside (a part may set its own size or colour). On a page short
//    enough to be read whole, only blocks whose text (or drawn text) holds a word the helper reacts to
//    (content/page-words.js) are looked at: taking out any other could not change the verdict.
// Line breaks inside Japanese ("今すぐ<br>お電話ください") are the helper's business: page_knowledge.normalise.
(() => {
  'use strict';
  // A page with less text is read whole, by the helper (page_knowledge SCAN_HEAD + SCAN_TAIL) and by collect.js's
  // first look (50,000): a block that may hold a part that shows is moved behind only on longer pages.
  const HIDDEN_SEARCH_FROM = 40000;
  const HIDDEN_MIN_TEXT = 40;           // an invisible block shorter than this cannot push the scam text away
  const HIDDEN_DESCEND_TEXT = 200;      // look inside a visible block only when it holds this much text
  const HIDDEN_LOOKED_MAX = 3000;
  const HIDDEN_VERIFY_MAX = 60;         // descendants looked at to be sure nothing in a block shows itself
  // On a page read whole, the blocks that hold no word the helper reacts to are passed by once those passed and
  // seen show this much text: four times js/screen-check.js LITTLE_TEXT (the worker reads the screen of a page
  // that says less), a margin for the text content the characters taken out are counted by.
  const SKIPPED_LEAVE_MIN = 1200;
  const RUBIES_MAX = 500;
  const PSEUDO_ELEMENTS_MAX = 2000;
  const LEAVES_MAX = 1500;              // leaf elements looked at when a stylesheet is unreadable (cross-origin)
  const ROW_PIECE_MAX = 4;              // "サ", "0120", "-": a piece of a word or a number, not a menu item
  const NUMBER_PIECE = /^[\d０-９]+$/;
  const ROWS_MAX = 200;
  const ELEMENTS_MAX = 20000;
  const PSEUDO = /::?(before|after|marker)\b/gi;
  const MARKER_WORDS = /[\p{L}\p{N}].*[\p{L}\p{N}]/u;     // a marker with more than a bullet or a digit in it
  const PRIVATE_USE = /[\ue000-\uf8ff]/g;           // icon fonts draw their glyphs from here
  const SKIP_ROWS = new Set(['select', 'datalist', 'svg', 'math', 'script', 'style', 'template', 'table', 'tbody',
    'thead', 'tfoot', 'tr', 'colgroup']);

  // Within one look (collect.js's shape, then the page it sends), each piece is worked out once; collect.js
  // forgets at the start of every look (a blocking alert loop runs many looks in one task), and a new task does.
  let cache = null;
  function remember(key, make) {
    if (!cache) { cache = new Map(); setTimeout(() => { cache = null; }, 0); }
    if (!cache.has(key)) cache.set(key, make());
    return cache.get(key);
  }

  // ---- generated content ----

  const unescapeCss = (s) => s.replace(/\\([0-9a-fA-F]{1,6})\s?|\\([\s\S])/g, (_, hex, ch) => {
    if (!hex) return ch === '\n' ? '' : ch;
    const code = parseInt(hex, 16);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
  });

  /** The text a `content` value draws: its strings, attr() values and decimal counters (a kit draws a number's
   *  digits with counter(): counterValue); what follows "/" is alternative text for screen readers, quotes are left
   *  out. With no element, attr() and counter() stand for "some text". `pseudo`: the pseudo-element's style. */
  function contentText(value, el, pseudo = null) {
    if (!value || value === 'none' || value === 'normal') return '';
    let out = '';
    for (const m of value.matchAll(/"((?:[^"\\]|\\[\s\S])*)"|'((?:[^'\\]|\\[\s\S])*)'|attr\(\s*([\w-]+)[^)]*\)|counters?\(([^)]*)\)|var\(|(\/)/g)) {
      if (m[5]) break;
      if (m[3] !== undefined) out += el ? (el.getAttribute(m[3]) ?? '') : 'x';
      else if (m[4] !== undefined) out += el ? counterText(m[4], el, pseudo) : 'x';
      else if (m[1] === undefined && m[2] === undefined) out += el ? '' : 'x';      // var(): per element
      else out += unescapeCss(m[1] ?? m[2]);
    }
    return out.replace(PRIVATE_USE, '');
  }

  // ---- counters drawn as digits ----
  const COUNTER_STEPS = 200;            // earlier siblings and ancestors looked at for where a counter is set
  const DECIMAL_STYLES = new Set(['decimal', 'decimal-leading-zero', 'cjk-decimal']);
  /** The number counter(name[, style]) draws for `el`'s pseudo-element, in decimal digits (other counter styles,
   *  letters or roman numerals, draw no number: ''). */
  function counterText(args, el, pseudo) {
    const [name, ...rest] = args.split(',').map((a) => a.trim());
    const style = rest.length && /^[\w-]+$/.test(rest[rest.length - 1]) ? rest[rest.length - 1] : 'decimal';
    if (!name || !DECIMAL_STYLES.has(style)) return '';
    const value = String(counterValue(name, el, pseudo));
    return style === 'decimal-leading-zero' ? value.padStart(2, '0') : value;
  }

  /** The counter's value where `el` (or its pseudo-element) draws it: set or reset on the pseudo-element or the
   *  element, else on the nearest earlier sibling or ancestor, plus every increment met on the way (bounded; a
   *  counter reset nowhere starts at 0). */
  function counterValue(name, el, pseudo) {
    const named = new RegExp(`(?:^|\\s)${name.replace(/[^\w-]/g, '')}(?:\\s+(-?\\d+))?(?=\\s|$)`);
    const amount = (list, dflt) => {
      const m = list && list !== 'none' ? named.exec(list) : null;
      return m ? (m[1] !== undefined ? parseInt(m[1], 10) : dflt) : null;
    };
    let sum = 0;                        // the increments met so far, from where it is drawn backwards
    /** The value after `style`'s counter properties, or null when they neither set nor reset it. */
    const valueAt = (style) => {
      const set = amount(style.counterSet, 0);
      if (set !== null) return set + sum;
      const increment = amount(style.counterIncrement, 1) ?? 0;
      const reset = amount(style.counterReset, 0);
      if (reset !== null) return reset + increment + sum;
      sum += increment;
      return null;
    };
    const own = pseudo ? valueAt(pseudo) : null;
    if (own !== null) return own;
    for (let e = el, steps = 0; e && steps < COUNTER_STEPS; e = e.previousElementSibling ?? e.parentElement, steps += 1) {
      const value = valueAt(getComputedStyle(e));
      if (value !== null) return value;
    }
    return sum;
  }

  const BOTH = ['::before', '::after'];
  const NAMED = {'::before': /:before\b/i, '::after': /:after\b/i, '::marker': /:marker\b/i};
  const NAMED_ALL = ['::before', '::after', '::marker'];
  /** found: the selector without its pseudo-elements → the set of them it gives text ('::before', '::after'). */
  function rulesWithText(rules, found, depth) {
    for (const rule of rules) {
      if (rule.type === CSSRule.KEYFRAMES_RULE) {             // an animation that sets `content` as it runs
        if ([...rule.cssRules].some((frame) => contentText(frame.style?.content, null).trim())) found.animations.add(rule.name);
        continue;
      }
      if (rule.cssRules?.length && depth < 8) rulesWithText(rule.cssRules, found, depth + 1);  // @media, @layer
      if (rule.type === CSSRule.COUNTER_STYLE_RULE) {         // @counter-style with words for symbols
        const symbols = [...rule.symbols.matchAll(/"((?:[^"\\]|\\[\s\S])*)"|'((?:[^'\\]|\\[\s\S])*)'/g)]
          .map((m) => unescapeCss(m[1] ?? m[2]));
        if (symbols.some((t) => MARKER_WORDS.test(t))) found.counters.set(rule.name, symbols);
        continue;
      }
      const selector = rule.selectorText;
      if (!selector || !rule.style) continue;
      const marker = rule.style.listStyleType || rule.style.listStyle;
      if (marker && /["']/.test(marker)) { mark(found, selector.trim(), ['::marker']); continue; }
      if (marker) found.markers.push([selector.trim(), marker]);     // an @counter-style's name, maybe
      const animation = rule.style.animationName || rule.style.animation;
      if (animation && /before|after/i.test(selector)) found.animated.push([selector, animation]);   // @keyframes', maybe
      if (!rule.style.content || !/before|after|marker/i.test(selector)) continue;
      if (!contentText(rule.style.content, null).trim()) continue;
      const key = selector.replace(PSEUDO, '').trim() || '*';
      const which = NAMED_ALL.filter((p) => NAMED[p].test(selector));
      mark(found, key, which.length ? which : BOTH);
    }
  }

  const mark = (found, key, pseudos) => {
    if (!found.has(key)) found.set(key, new Set());
    for (const p of pseudos) found.get(key).add(p);
  };

  /** The words a list item's marker draws: its ::marker content, a string list-style, or an @counter-style's
   *  symbol for the item's place (words only: bullets and numbers are no text). */
  function markerText(el, counters) {
    const style = getComputedStyle(el);
    if (style.display !== 'list-item') return '';
    const content = contentText(getComputedStyle(el, '::marker').content, el);
    if (content.trim()) return content;
    const type = style.listStyleType;
    if (/^["']/.test(type)) return MARKER_WORDS.test(contentText(type, el)) ? contentText(type, el) : '';
    const symbols = counters.get(type);
    if (!symbols) return '';
    let place = 0;
    for (let item = el.previousElementSibling; item && place < 1000; item = item.previousElementSibling) place += 1;
    return symbols[place % symbols.length];
  }

  /** [element, pseudo-elements that may draw text] for the elements that may draw text with ::before / ::after
   *  (or words in their ::marker), in document order; and the @counter-styles with words. */
  function pseudoCandidates(scope = document) {
    const selectors = new Map();
    selectors.counters = new Map();
    selectors.markers = [];
    selectors.animations = new Set();
    selectors.animated = [];
    let unreadable = false;
    for (const sheet of [...scope.styleSheets, ...(scope.adoptedStyleSheets ?? [])]) {
      let rules;
      try { rules = sheet.cssRules; } catch { unreadable = true; continue; }
      if (rules) rulesWithText(rules, selectors, 0);
    }
    for (const [selector, marker] of selectors.markers) {
      if (marker.split(/\s+/).some((name) => selectors.counters.has(name))) mark(selectors, selector, ['::marker']);
    }
    for (const [selector, animation] of selectors.animated) {
      if (!animation.split(/[\s,]+/).some((name) => selectors.animations.has(name))) continue;
      const which = BOTH.filter((p) => NAMED[p].test(selector));
      mark(selectors, selector.replace(PSEUDO, '').trim() || '*', which.length ? which : BOTH);
    }
    const found = new Map();
    const add = (el, pseudos) => {
      if (!found.has(el)) found.set(el, new Set());
      for (const p of pseudos) found.get(el).add(p);
    };
    let matched = 0;              // selectors that matched elements, and the leaves' walk
    for (const [selector, pseudos] of selectors) {
      try {
        const els = scope.querySelectorAll(selector);
        if (els.length) matched += 1;
        for (const el of els) {
          if (found.size >= PSEUDO_ELEMENTS_MAX && !found.has(el)) break;
          add(el, pseudos);
        }
      } catch { /* a selector querySelectorAll does not take (nested "&", vendor pseudo-classes) */ }
    }
    if (unreadable && (scope !== document || document.body)) {
      const all = scope === document ? document.body.getElementsByTagName('*') : scope.querySelectorAll('*');
      matched += 1;
      for (let i = 0, leaves = 0; i < all.length && i < ELEMENTS_MAX && leaves < LEAVES_MAX; i += 1) {
        if (all[i].childElementCount === 0) { add(all[i], BOTH); leaves += 1; }
      }
    }
    // One selector's elements are in document order already (a sort costs a DOM call per comparison).
    const elements = [...found];
    if (matched > 1) elements.sort((a, b) => byDocumentOrder(a[0], b[0]));
    return {elements, counters: selectors.counters};
  }

  function pseudoText(el, which) {
    const style = getComputedStyle(el, which);
    const text = contentText(style.content, el, style);
    if (!text.trim() || style.display === 'none' || style.visibility !== 'visible' || style.opacity === '0') return '';
    return style.display.startsWith('inline') ? text : `\n${text}\n`;
  }

  /** The text ::before / ::after draw inside a shadow root by the root's own style sheets, in tree order, each
   *  piece on a line of its own unless drawn inline (collect.js reads roots; the document's is generated()). */
  function generatedIn(root) {
    let out = '';
    for (const [el, pseudos] of pseudoCandidates(root).elements) {
      for (const p of pseudos) if (p !== '::marker') out += pseudoText(el, p);
    }
    return out;
  }

  /** [{el, before, after}] for each drawn element with text in its ::before or ::after, in document order. */
  const generated = () => remember('generated', () => {
    const out = [];
    const {elements, counters} = pseudoCandidates();
    for (const [el, pseudos] of elements) {
      if (!el.checkVisibility?.({opacityProperty: true, visibilityProperty: true})) continue;
      // Only the pseudo-elements a rule with text names: a computed style costs as much as the rest of the look.
      const marker = pseudos.has('::marker') ? markerText(el, counters) : '';
      const before = (marker ? `\n${marker} ` : '') + (pseudos.has('::before') ? pseudoText(el, '::before') : '');
      const after = pseudos.has('::after') ? pseudoText(el, '::after') : '';
      if (before || after) out.push({el, before, after});
    }
    return out;
  });

  // ---- letters one per element ----

  /** The elements with three children or more, in document order: found by the selector engine (looking at
   *  every element of the page from script cost more than the rest of the row search). */
  const withThreeChildren = (body) => body.querySelectorAll(':has(> :nth-child(3))');

  function letterRows(body) {
    const rows = [];
    const candidates = withThreeChildren(body);
    for (let i = 0; i < candidates.length && i < ELEMENTS_MAX && rows.length < ROWS_MAX; i += 1) {
      const el = candidates[i];
      if (SKIP_ROWS.has(el.localName)) continue;
      if (rows.length && rows[rows.length - 1].contains(el)) continue;
      // Sibling links, not the children's iterators: this runs over every element of the page.
      let pieces = 0;
      let letters = 0;
      let row = true;
      let wordlike = false;
      for (let child = el.firstElementChild; child; child = child.nextElementSibling) {
        const t = child.textContent.trim();
        if (t.length > ROW_PIECE_MAX) { row = false; break; }
        if (t) pieces += 1;
        if (t.length === 1 || NUMBER_PIECE.test(t)) letters += 1;
        wordlike ||= WORDLIKE.test(t);
      }
      // One letter per element, or a number in pieces: a row of short words (tags, a menu) reads fine as it is.
      // Stars, arrows, bullets: nothing to read (the row's own text is only whitespace, tested last).
      if (!row || pieces < 3 || letters * 2 < pieces || !wordlike) continue;
      for (let node = el.firstChild; node && row; node = node.nextSibling) {
        if (node.nodeType === Node.TEXT_NODE && node.data.trim()) row = false;
      }
      if (row) rows.push(el);
    }
    return rows;
  }

  const median = (values) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

  const WORDLIKE = /[\p{L}\p{N}]/u;
  const squeeze = (t) => t.replace(/\s+/g, ' ').trim();

  /** {pieces, text}: a row's pieces as innerText has them (one a line, in DOM order; textContent, since innerText
   *  per element is slow) and as they are drawn (top to bottom, left to right), joined where they touch. A piece
   *  that is only a space (&nbsp;) is drawn as one. */
  function rowText(row) {
    const items = [];
    const add = (el, depth) => {
      for (const child of el.children) {
        const raw = child.checkVisibility?.() ? child.textContent : '';
        const t = squeeze(raw) || (raw && /^\s+$/.test(raw) ? ' ' : '');
        if (!t) continue;
        if (depth < 3 && child.childElementCount > 1) { add(child, depth + 1); continue; }   // a row in the row
        const r = child.getBoundingClientRect();
        if (r.width || r.height) items.push({t, r, child});
      }
    };
    add(row, 0);
    if (items.length < 3) return null;
    // The gap that shows is between the texts, not the boxes: when the first piece's box is wider than its text
    // (padding, a border), read every piece's text box (a range: slower, so only then).
    const range = document.createRange();
    range.selectNodeContents(items[0].child);
    if (items[0].r.width - range.getBoundingClientRect().width > 1) {
      for (const item of items) { range.selectNodeContents(item.child); item.r = range.getBoundingClientRect(); }
    }
    const pieces = items.map((i) => i.t).filter((t) => t !== ' ');
    items.sort((a, b) => a.r.top - b.r.top);
    const lines = [];
    for (const item of items) {
      const middle = (item.r.top + item.r.bottom) / 2;
      const line = lines.find((l) => middle >= l.top && middle <= l.bottom);
      if (line) line.items.push(item); else lines.push({top: item.r.top, bottom: item.r.bottom, items: [item]});
    }
    const height = median(items.map((i) => i.r.height));
    const text = lines.map(({items: line}) => {
      line.sort((a, b) => a.r.left - b.r.left);
      // Letters of a word touch (their boxes include the side bearings); a gap of a quarter of a line is a space.
      return line.map((item, k) => (k && item.r.left - line[k - 1].r.right > 0.25 * height ? ' ' : '') + item.t)
        .join('').replace(/ {2,}/g, ' ');
    }).join('\n');
    return {pieces, text};
  }

  /** [start, end] of `pieces` in `text` from `from`, one after the other with only whitespace between (innerText
   *  puts a line between the pieces, and a space-only piece on a line of its own), else null. */
  function findPieces(text, pieces, from) {
    if (!pieces.length) return null;
    let start = text.indexOf(pieces[0], from);
    for (let tries = 0; start >= 0 && tries < 20; tries += 1) {
      let pos = start + pieces[0].length;
      let k = 1;
      for (; k < pieces.length; k += 1) {
        while (pos < text.length && /\s/.test(text[pos])) pos += 1;
        if (!text.startsWith(pieces[k], pos)) break;
        pos += pieces[k].length;
      }
      if (k === pieces.length) return [start, pos];
      start = text.indexOf(pieces[0], start + 1);
    }
    return null;
  }

  // ---- what the helper reacts to ----

  // The words whose presence in a stretch of text can change the helper's page findings (content/page-words.js,
  // made from helper/data/page_*.toml). A stretch is read as the helper's page_knowledge.normalise reads it, or
  // more loosely: whitespace and characters with no width dropped (so a phrase split by a line break or letters
  // set apart still counts), lower case, fullwidth ASCII as ASCII, typographic apostrophes as "'", look-alike
  // letters folded. Found by the first three letters of each word (two for a word of two) in one pass: no regular
  // expression (an alternation of the words ran at a twentieth of the speed).
  const {words: PAGE_WORDS, lookalike: LOOKALIKE_LETTERS} = globalThis.scamguardPageWords ?? {words: [], lookalike: {}};
  const DROPPED = -1;
  const HALFWIDTH_KANA = -2;                 // NFKC may join two into one: a stretch with them is taken to count
  const LOOKALIKE = new Map(Object.entries(LOOKALIKE_LETTERS).map(([k, v]) => [k.charCodeAt(0), v.charCodeAt(0)]));
  /** A character other than ASCII and kana/kanji as the words are written, DROPPED, or HALFWIDTH_KANA. */
  function foldedRare(c) {
    if (c === 0x85 || c === 0xa0 || c === 0xad || c === 0x1680 || c === 0x3000 || c === 0xfeff
      || (c >= 0x2000 && c <= 0x200f) || (c >= 0x2028 && c <= 0x202f) || (c >= 0x205f && c <= 0x2064)) return DROPPED;
    if (c >= 0xff01 && c <= 0xff5e) return folded(c - 0xfee0);
    if (c >= 0xff61 && c <= 0xff9f) return HALFWIDTH_KANA;
    if (c === 0x2018 || c === 0x2019 || c === 0x02bc) return 0x27;
    if (c >= 0x2000) return c;
    const lower = String.fromCharCode(c).toLowerCase().charCodeAt(0);
    return LOOKALIKE.get(c) ?? LOOKALIKE.get(lower) ?? lower;
  }
  const folded = (c) => (c >= 0x3040 && c < 0xff00 ? c : c < 0x80 ? (c <= 0x20 ? DROPPED : c >= 0x41 && c <= 0x5a ? c + 0x20 : c)
    : foldedRare(c));
  const SLOTS = 1 << 16;
  const slotOf = (a, b, c) => (Math.imul(Math.imul(a, 40503) ^ b, 40503) ^ c) & (SLOTS - 1);
  const STARTS = new Uint32Array(SLOTS / 32);        // a bit per slot: a word may begin with these letters
  const WORDS_AT = new Map();                        // slot -> the words that begin so
  for (const word of PAGE_WORDS) {
    const slot = word.length === 2 ? slotOf(0, word.charCodeAt(0), word.charCodeAt(1))
      : slotOf(word.charCodeAt(0), word.charCodeAt(1), word.charCodeAt(2));
    STARTS[slot >>> 5] |= 1 << (slot & 31);
    if (!WORDS_AT.has(slot)) WORDS_AT.set(slot, []);
    WORDS_AT.get(slot).push(word);
  }
  /** Whether one of `words` is written in `text` from `at`, the text read folded. */
  function writtenAt(text, at, words) {
    for (const word of words) {
      let i = at;
      let k = 0;
      for (; k < word.length && i < text.length; i += 1) {
        const c = folded(text.charCodeAt(i));
        if (c === DROPPED) continue;
        if (c !== word.charCodeAt(k)) break;
        k += 1;
      }
      if (k === word.length) return true;
    }
    return false;
  }
  const starts = (slot) => STARTS[slot >>> 5] & (1 << (slot & 31));
  /** Whether `text` holds one of the words the helper reacts to (or halfwidth kana, to be safe). */
  function holdsPageWords(text) {
    let before = -1;            // where the last two characters kept are, and what they read as
    let last = -1;
    let b = 0;
    let l = 0;
    for (let i = 0; i < text.length; i += 1) {
      const c = folded(text.charCodeAt(i));
      if (c < 0) {
        if (c === HALFWIDTH_KANA) return true;
        continue;
      }
      if (last >= 0) {
        const pair = slotOf(0, l, c);
        if (starts(pair) && writtenAt(text, last, WORDS_AT.get(pair))) return true;
        if (before >= 0) {
          const three = slotOf(b, l, c);
          if (starts(three) && writtenAt(text, before, WORDS_AT.get(three))) return true;
        }
      }
      before = last; b = l;
      last = i; l = c;
    }
    return false;
  }

  // Whether a block's text holds such words depends on the text alone: kept per element with the text it was worked
  // out for, so a block whose text is as it was at the last look costs a comparison, not a reading.
  const heldByBlock = new WeakMap();
  function blockHoldsPageWords(el, text) {
    const known = heldByBlock.get(el);
    if (known?.text === text) return known.holds;
    const holds = holdsPageWords(text);
    heldByBlock.set(el, {text, holds});
    return holds;
  }

  // ---- text drawn invisible ----

  const tiny = (r, style) => ((r.width < 2 && style.overflowX !== 'visible') || (r.height < 2 && style.overflowY !== 'visible')
    || ((r.width < 2 || r.height < 2) && style.transform !== 'none'));

  function clippedAway(style) {
    const m = /rect\((-?[\d.]+)px,?\s*(-?[\d.]+)px,?\s*(-?[\d.]+)px,?\s*(-?[\d.]+)px\)/.exec(style.clip || '');
    return !!m && style.position !== 'static' && (m[2] - m[4] < 2 || m[3] - m[1] < 2);
  }

  /** clip-path that leaves nothing: inset() of half or more from a side pair, a circle or ellipse of radius 0. */
  function clipPathAway(style) {
    const clip = style.clipPath;
    if (!clip || clip === 'none') return false;
    if (/^(circle|ellipse)\(0(px|%)?[\s)]/.test(clip)) return true;
    const m = /^inset\(([^)]*?)(\s+round[^)]*)?\)/.exec(clip);
    if (!m) return false;
    const sides = m[1].trim().split(/\s+/).map((v) => (v.endsWith('%') ? parseFloat(v) : NaN));
    const [top, right = top, bottom = top, left = right] = sides;
    return top + bottom >= 100 || left + right >= 100;
  }

  const alpha = (color) => {
    if (color.startsWith('rgb(') && !color.includes('/')) return 1;      // how Chromium writes most colours
    if (color === 'transparent' || color === 'rgba(0, 0, 0, 0)') return 0;     // and no background
    const m = /^rgba?\((.*)\)$/.exec(color);
    if (!m) return 1;
    const parts = m[1].split(/[\s,/]+/).filter(Boolean);
    return parts.length === 4 ? parseFloat(parts[3]) : 1;
  };

  /** The solid colour drawn behind `el`: the first ancestor background, or null when something else may be
   *  behind (an image, a see-through colour, nothing set up to the root). */
  function colourBehind(el, style = null) {
    const known = remember('behind', () => new Map());
    if (!el || known.has(el)) return el ? known.get(el) : null;
    const s = style ?? getComputedStyle(el);
    const background = s.backgroundColor;
    const a = alpha(background);
    const under = a >= 1 ? background : a > 0 ? null : colourBehind(el.parentElement);
    // An image makes what is behind unknown: asked only when there is a colour to lose (each read costs).
    const colour = under !== null && s.backgroundImage !== 'none' ? null : under;
    known.set(el, colour);
    return colour;
  }

  /** Text drawn with no ink: font-size 0, a transparent colour, or the colour of what is behind it, with no
   *  outline, shadow or background drawn through the letters. */
  function inkless(el, style) {
    if (parseFloat(style.fontSize) === 0) return true;
    // The colour first: most text has ink of its own, and each computed property read costs (issue 12's 5 ms).
    const colour = style.color;
    if (alpha(colour) !== 0 && colour !== colourBehind(el, style)) return false;
    return !(style.textShadow !== 'none' || parseFloat(style.webkitTextStrokeWidth) > 0 || style.backgroundClip === 'text'
      || style.webkitBackgroundClip === 'text');
  }

  /** The page's whole extent in the viewport's coordinates (getBoundingClientRect's), once per look: scrollX and
   *  scrollY read in the isolated world cost a call each, and per element they were a third of this search. */
  const pageBox = () => remember('pageBox', () => {
    const root = document.documentElement;
    const [x, y] = [scrollX, scrollY];
    return {left: -x, top: -y, right: Math.max(root.scrollWidth, innerWidth) - x,
      bottom: Math.max(root.scrollHeight, innerHeight) - y};
  });

  /** Drawn (so in innerText) but not seen: opacity 0, no size with its overflow cut, off the page, clipped, or
   *  drawn without ink. null when it is seen; 'whole' when nothing inside can show itself anyway (opacity,
   *  a transform to nothing); 'box' when a positioned descendant may escape the box; 'ink' when a descendant
   *  may set a size or colour of its own. */
  function drawnInvisible(el) {
    const style = getComputedStyle(el);
    // One native test for the usual case (drawn, visible, not transparent, itself or an ancestor); the two
    // properties are read only when it fails (each computed property read costs, issue 12's 5 ms).
    if (!el.checkVisibility?.({opacityProperty: true, visibilityProperty: true})) {
      if (!el.checkVisibility?.()) return null;         // not drawn: innerText leaves it out already
      if (style.visibility !== 'visible') return null;
      if (style.opacity === '0') return 'whole';
    }
    if (clippedAway(style) || clipPathAway(style)) return 'box';
    const r = el.getBoundingClientRect();
    if ((r.width < 2 || r.height < 2) && style.transform !== 'none') return 'whole';
    const page = pageBox();
    if (r.right <= page.left || r.bottom <= page.top || r.left >= page.right || r.top >= page.bottom || tiny(r, style)) {
      return 'box';
    }
    return inkless(el, style) ? 'ink' : null;
  }

  /** Whether an invisible block surely shows nothing: none of its (few) descendants is positioned out of its box
   *  ('box') or draws its text with ink again ('ink'). A block with many descendants is not looked through. */
  function surelyUnseen(el, how) {
    if (how === 'whole') return true;
    const inside = el.getElementsByTagName('*');
    if (inside.length > HIDDEN_VERIFY_MAX) return false;
    for (const d of inside) {
      const style = getComputedStyle(d);
      if (how === 'box' ? style.position !== 'static' && style.position !== 'relative'
        : d.childNodes.length && !inkless(d, style)) return false;
    }
    return true;
  }

  /** The search for blocks drawn invisible: `found`, [element, sure, characters] for each (sure when nothing in
   *  it can be seen); `visit(el)` searches el's children, `look(block, n)` a block of n characters. With `matters`
   *  (a block and its text: could taking it out change anything?), a block it says no to is neither looked at nor
   *  looked inside (its parts' text is in its own): it is put in `passed`, [element, characters]. */
  function blockSearch(matters = null) {
    const found = [];
    const passed = [];
    let looked = 0;
    const look = (block, n) => {
      looked += 1;
      const how = drawnInvisible(block);
      const sure = how && surelyUnseen(block, how);
      // An inkless block not surely unseen is looked inside: its parts inherit its ink, but one may set its own
      // (font-size: 0 on a row of inline blocks that set theirs back is a common layout habit).
      if (how && (sure || how !== 'ink')) found.push([block, sure, n]);
      else if (how || n >= HIDDEN_DESCEND_TEXT) visit(block);
    };
    const visit = (el) => {
      for (let child = el.firstElementChild; child; child = child.nextElementSibling) {
        if (looked >= HIDDEN_LOOKED_MAX) return;
        const text = child.textContent;
        const n = text.length;
        if (n < HIDDEN_MIN_TEXT) continue;
        if (matters && !matters(child, text)) passed.push([child, n]);
        else look(child, n);
      }
    };
    return {found, passed, visit, look};
  }

  /** [element, sure, characters] for each block drawn invisible in body. */
  function invisibleBlocks(body) {
    const search = blockSearch();
    search.visit(body);
    return search.found;
  }

  /** The invisible blocks to edit out of `base`. A page short enough to be read whole loses only the blocks surely
   *  unseen, and such a block changes the helper's verdict by going only if what it draws holds words the helper
   *  reacts to (its text, CSS-drawn text, rows as drawn; what it changes across its edges, an invisible span under
   *  HIDDEN_MIN_TEXT changes as well): the others are passed by, neither looked at nor inside, so the search
   *  follows only the blocks that hold such words (issue 12's 5 ms). One thing more hangs on them: whether the
   *  page says little (js/screen-check.js LITTLE_TEXT), so passed blocks are searched after all, in order, until
   *  those seen show SKIPPED_LEAVE_MIN characters. Searched whole: a long page (its invisible blocks are moved
   *  behind, whatever they say) and a page with readings over its words (its text content is not what is read). */
  function hiddenBlocks(body, base, edits) {
    if (!PAGE_WORDS.length || base.length > HIDDEN_SEARCH_FROM || edits.some((e) => e.kind === 'ruby')) {
      return invisibleBlocks(body);                    // (no words loaded: nothing may be passed by)
    }
    // The text drawn by CSS and the rows as drawn, read together (a word may be split over two elements' ::before):
    // when they hold such words, every block with a piece of them in it is worth a look.
    const drawn = edits.map((e) => (e.kind === 'row' ? rowOf(e.el)?.text ?? '' : e.before + e.after)).join('');
    const wordy = holdsPageWords(drawn) ? edits.map((e) => e.el) : [];
    const search = blockSearch((el, text) => blockHoldsPageWords(el, text) || wordy.some((w) => el.contains(w)));
    search.visit(body);
    let shown = 0;
    for (const [block, n] of search.passed) {
      if (shown >= SKIPPED_LEAVE_MIN) break;
      const inside = blockSearch();
      inside.look(block, n);
      search.found.push(...inside.found);
      const taken = inside.found.reduce((sum, [, sure, chars]) => sum + (sure ? chars : 0), 0);
      shown += squeeze(block.innerText ?? '').length - taken;
    }
    return search.found;
  }

  // ---- putting it together ----

  function byDocumentOrder(a, b) {
    if (a === b) return 0;
    return a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1;
  }

  /** Where in `text` (from `from`) the text just before `el` ends: for an element that draws only CSS text. */
  function placeOf(el, text, from) {
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    walker.currentNode = el;
    for (let i = 0; i < 20 && walker.previousNode(); i += 1) {
      const t = walker.currentNode.data.replace(/\s+/g, ' ').trim();
      if (!t) continue;
      const tail = t.slice(-24);
      const at = text.indexOf(tail, from);
      return at >= 0 ? at + tail.length : from;
    }
    return from;
  }

  /** {visible, hidden}: the light DOM's text as it is seen, and the drawn-invisible text taken out of it. */
  const read = () => remember('read', () => {
    const body = document.body;
    const base = body?.innerText ?? '';
    if (!body) return {visible: base, hidden: ''};
    const edits = generated().map((g) => ({...g, kind: 'around'}));
    for (const el of remember('rows', () => letterRows(body))) edits.push({el, kind: 'row'});
    const rubies = body.getElementsByTagName('ruby');
    for (let i = 0; i < rubies.length && i < RUBIES_MAX; i += 1) {
      if (rubies[i].querySelector('rt')) edits.push({el: rubies[i], kind: 'ruby'});
    }
    for (const [el, sure] of hiddenBlocks(body, base, edits)) {
      if (sure || base.length > HIDDEN_SEARCH_FROM) edits.push({el, kind: 'hide', sure});
    }
    if (!edits.length) return {visible: base, hidden: ''};
    edits.sort((a, b) => byDocumentOrder(a.el, b.el));
    const ops = [];
    const hidden = [];
    let cursor = 0;
    let taken = null;                                   // a row or a hidden block already replaced as a whole
    for (const edit of edits) {
      if (taken?.contains(edit.el)) continue;
      if (edit.kind === 'around') {
        // Where the element's own text is (textContent first: innerText per element is slow), else where the
        // text before it ends.
        let inner = squeeze(edit.el.textContent);
        let at = inner ? base.indexOf(inner, cursor) : placeOf(edit.el, base, cursor);
        if (inner && at < 0) { inner = edit.el.innerText.trim(); at = inner ? base.indexOf(inner, cursor) : -1; }
        let end = at + (inner ? inner.length : 0);
        if (at < 0) at = end = cursor;
        ops.push({at, del: 0, text: edit.before}, {at: end, del: 0, text: edit.after});
        cursor = at;
        continue;
      }
      // A row is replaced where innerText has it one piece a line; a ruby by its base text; a block drawn
      // invisible is taken out (and kept for the end when it may hold a part that shows).
      let at;
      let end;
      let text = '\n';
      if (edit.kind === 'row') {
        const row = rowOf(edit.el);
        [at, end] = (row && findPieces(base, row.pieces, cursor)) || [-1, -1];
        text = row?.text;
      } else {
        const needle = edit.kind === 'ruby' ? squeeze(edit.el.textContent) : edit.el.innerText.trim();
        at = needle ? base.indexOf(needle, cursor) : -1;
        end = at + needle.length;
        if (edit.kind === 'ruby') text = withoutReadings(edit.el);
        else if (at >= 0 && !edit.sure) hidden.push(needle);
      }
      if (at < 0) continue;
      ops.push({at, del: end - at, text});
      cursor = end;
      taken = edit.el;
    }
    ops.sort((a, b) => a.at - b.at);
    let visible = '';
    let pos = 0;
    for (const op of ops) {
      if (op.at < pos && op.del) continue;
      const at = Math.max(op.at, pos);
      visible += base.slice(pos, at) + op.text;
      pos = at + op.del;
    }
    return {visible: visible + base.slice(pos), hidden: hidden.join('\n')};
  });

  // ---- readings over words ----

  const READINGS = new Set(['RT', 'RP']);
  /** The text of `root` without the readings set over it (<rt>, <rp>), in one walk. */
  function withoutReadings(root) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT, {
      acceptNode: (n) => (n.nodeType === Node.TEXT_NODE ? NodeFilter.FILTER_ACCEPT
        : READINGS.has(n.nodeName) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_SKIP),
    });
    let out = '';
    while (walker.nextNode()) out += walker.currentNode.data;
    return squeeze(out);
  }

  /** What the DOM's text does not hold as it is read, for collect.js's cheap first look: the CSS-drawn strings,
   *  the page's text without the readings over its words when it has any, and the rows of letters as drawn (their
   *  DOM order may be any: `order`, row-reverse, absolute positions); layout only for such rows. */
  const generatedStrings = () => {
    const body = document.body;
    if (!body) return '';
    return [...generated().map((g) => `${g.before} ${g.after}`), spelledRows(body)].join('\n')
      + (body.getElementsByTagName('rt').length ? '\n' + withoutReadings(body) : '');
  };
  /** A row that spells words one letter an element (not a pager's numbers or a row of tags): worth its layout. */
  const spelled = (row) => {
    let letters = 0;
    for (const child of row.children) {
      const t = child.textContent.trim();
      if (t.length === 1 && !NUMBER_PIECE.test(t) && (letters += 1) >= 6) return true;
    }
    return false;
  };
  // Finding the rows walks the whole page and drawing them needs layout: for the first look this is done at most
  // once every ROWS_EVERY_MS while the page keeps the same number of elements (a live collection's length, which
  // Chromium keeps until the DOM changes). Elements added or removed (a locker spelled letter by letter written
  // in) are looked at the next look: an e2e variant waited for the slow beat under load without that.
  const ROWS_EVERY_MS = 2000;
  let rowsMemo = {at: -Infinity, text: '', elements: -1};
  const allElements = document.getElementsByTagName('*');     // live: document.open() keeps the same document
  function spelledRows(body) {
    const elements = allElements.length;
    if (performance.now() - rowsMemo.at < ROWS_EVERY_MS && elements === rowsMemo.elements) return rowsMemo.text;
    const text = remember('rows', () => letterRows(body)).filter(spelled).map((row) => rowOf(row)?.text ?? '').join('\n');
    rowsMemo = {at: performance.now(), text, elements};
    return text;
  }
  const rowOf = (row) => {
    const rows = remember('rowText', () => new Map());
    if (!rows.has(row)) rows.set(row, rowText(row));
    return rows.get(row);
  };

  const forget = () => { cache = null; };

  globalThis.scamguardSeenText = {read, generatedStrings, forget, generatedIn, contentText};
})();
