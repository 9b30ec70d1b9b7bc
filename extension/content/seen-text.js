// Isolated world, loaded before collect.js in every frame: the page's text as the user reads it (issue 12).
// innerText is the base (it already leaves out display:none and visibility:hidden text, and lays out <br>); three
// things it gets wrong for us are put right, each with bounded work:
//  - text drawn by CSS (::before / ::after `content:`) is not in it: read on the elements the page's stylesheets
//    give such content (all leaf elements, bounded, when a stylesheet cannot be read), put where it is drawn;
//  - a row of one letter (or a few characters) per element in a flex, grid or positioned layout comes out one
//    piece per line: joined in the order it is drawn, with a space only where a gap shows;
//  - text drawn invisible (opacity 0, no size, off-screen, clipped away) is in it: on a long page it is moved
//    behind the visible text, so the bound on what is sent and read cannot be filled with it.
// Line breaks inside Japanese ("今すぐ<br>お電話ください") are the helper's business: page_knowledge.normalise.
(() => {
  'use strict';
  // A page with less text is read whole, by the helper (page_knowledge SCAN_HEAD + SCAN_TAIL) and by collect.js's
  // first look (50,000): nothing invisible can push the visible text out of what is read.
  const HIDDEN_SEARCH_FROM = 40000;
  const HIDDEN_MIN_TEXT = 40;           // an invisible block shorter than this cannot push the scam text away
  const HIDDEN_DESCEND_TEXT = 1000;     // look inside a visible block only when it holds this much text
  const HIDDEN_LOOKED_MAX = 3000;
  const PSEUDO_ELEMENTS_MAX = 2000;
  const LEAVES_MAX = 1500;              // leaf elements looked at when a stylesheet is unreadable (cross-origin)
  const ROW_PIECE_MAX = 4;              // "サ", "0120", "-": a piece of a word or a number, not a menu item
  const NUMBER_PIECE = /^[\d０-９]+$/;
  const ROWS_MAX = 200;
  const ELEMENTS_MAX = 20000;
  const PSEUDO = /::?(before|after)\b/gi;
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

  /** The text a `content` value draws: its strings and attr() values; what follows "/" is alternative text for
   *  screen readers, counters and quotes are left out. With no element, attr() stands for "some text". */
  function contentText(value, el) {
    if (!value || value === 'none' || value === 'normal') return '';
    let out = '';
    for (const m of value.matchAll(/"((?:[^"\\]|\\[\s\S])*)"|'((?:[^'\\]|\\[\s\S])*)'|attr\(\s*([\w-]+)[^)]*\)|var\(|(\/)/g)) {
      if (m[4]) break;
      if (m[3] !== undefined) out += el ? (el.getAttribute(m[3]) ?? '') : 'x';
      else if (m[1] === undefined && m[2] === undefined) out += el ? '' : 'x';      // var(): per element
      else out += unescapeCss(m[1] ?? m[2]);
    }
    return out.replace(PRIVATE_USE, '');
  }

  const BOTH = ['::before', '::after'];
  const NAMED = {'::before': /:before\b/i, '::after': /:after\b/i};
  /** found: the selector without its pseudo-elements → the set of them it gives text ('::before', '::after'). */
  function rulesWithText(rules, found, depth) {
    for (const rule of rules) {
      if (rule.cssRules?.length && depth < 8) rulesWithText(rule.cssRules, found, depth + 1);  // @media, @layer
      const selector = rule.selectorText;
      if (!selector || !rule.style?.content || !/before|after/i.test(selector)) continue;
      if (!contentText(rule.style.content, null).trim()) continue;
      const key = selector.replace(PSEUDO, '').trim() || '*';
      const which = BOTH.filter((p) => NAMED[p].test(selector));
      if (!found.has(key)) found.set(key, new Set());
      for (const p of which.length ? which : BOTH) found.get(key).add(p);
    }
  }

  /** [element, pseudo-elements that may draw text] for the elements that may draw text with ::before / ::after,
   *  in document order. */
  function pseudoCandidates() {
    const selectors = new Map();
    let unreadable = false;
    for (const sheet of [...document.styleSheets, ...(document.adoptedStyleSheets ?? [])]) {
      let rules;
      try { rules = sheet.cssRules; } catch { unreadable = true; continue; }
      if (rules) rulesWithText(rules, selectors, 0);
    }
    const found = new Map();
    const add = (el, pseudos) => {
      if (!found.has(el)) found.set(el, new Set());
      for (const p of pseudos) found.get(el).add(p);
    };
    for (const [selector, pseudos] of selectors) {
      try {
        for (const el of document.querySelectorAll(selector)) {
          if (found.size >= PSEUDO_ELEMENTS_MAX && !found.has(el)) break;
          add(el, pseudos);
        }
      } catch { /* a selector querySelectorAll does not take (nested "&", vendor pseudo-classes) */ }
    }
    if (unreadable && document.body) {
      const all = document.body.getElementsByTagName('*');
      for (let i = 0, leaves = 0; i < all.length && i < ELEMENTS_MAX && leaves < LEAVES_MAX; i += 1) {
        if (all[i].childElementCount === 0) { add(all[i], BOTH); leaves += 1; }
      }
    }
    return [...found].sort((a, b) => byDocumentOrder(a[0], b[0]));
  }

  function pseudoText(el, which) {
    const style = getComputedStyle(el, which);
    const text = contentText(style.content, el);
    if (!text.trim() || style.display === 'none' || style.visibility !== 'visible' || style.opacity === '0') return '';
    return style.display.startsWith('inline') ? text : `\n${text}\n`;
  }

  /** [{el, before, after}] for each drawn element with text in its ::before or ::after, in document order. */
  const generated = () => remember('generated', () => {
    const out = [];
    for (const [el, pseudos] of pseudoCandidates()) {
      if (!el.checkVisibility?.({opacityProperty: true, visibilityProperty: true})) continue;
      // Only the pseudo-elements a rule with text names: a computed style costs as much as the rest of the look.
      const before = pseudos.has('::before') ? pseudoText(el, '::before') : '';
      const after = pseudos.has('::after') ? pseudoText(el, '::after') : '';
      if (before || after) out.push({el, before, after});
    }
    return out;
  });

  // ---- letters one per element ----

  function letterRows(body) {
    const rows = [];
    const all = body.getElementsByTagName('*');
    for (let i = 0; i < all.length && i < ELEMENTS_MAX && rows.length < ROWS_MAX; i += 1) {
      const el = all[i];
      if (el.childElementCount < 3 || SKIP_ROWS.has(el.localName)) continue;
      if (rows.length && rows[rows.length - 1].contains(el)) continue;
      // Sibling links, not the children's iterators: this runs over every element of the page.
      let pieces = 0;
      let letters = 0;
      let row = true;
      for (let child = el.firstElementChild; child; child = child.nextElementSibling) {
        const t = child.textContent.trim();
        if (t.length > ROW_PIECE_MAX) { row = false; break; }
        if (t) pieces += 1;
        if (t.length === 1 || NUMBER_PIECE.test(t)) letters += 1;
      }
      // One letter per element, or a number in pieces: a row of short words (tags, a menu) reads fine as it is.
      if (!row || pieces < 3 || letters * 2 < pieces) continue;
      for (let node = el.firstChild; node && row; node = node.nextSibling) {
        if (node.nodeType === Node.TEXT_NODE && node.data.trim()) row = false;
      }
      // Stars, arrows, bullets: nothing to read.
      if (row && WORDLIKE.test(el.textContent)) rows.push(el);
    }
    return rows;
  }

  const median = (values) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

  const WORDLIKE = /[\p{L}\p{N}]/u;
  const squeeze = (t) => t.replace(/\s+/g, ' ').trim();

  /** {needle, text}: a row's pieces as innerText has them (one a line, in DOM order; textContent, since innerText
   *  per element is slow) and as they are drawn (top to bottom, left to right), joined where they touch. */
  function rowText(row) {
    const items = [];
    const add = (el, depth) => {
      for (const child of el.children) {
        const t = child.checkVisibility?.() ? squeeze(child.textContent) : '';
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
    const needle = items.map((i) => i.t).join('\n');
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
      return line.map((item, k) => (k && item.r.left - line[k - 1].r.right > 0.25 * height ? ' ' : '') + item.t).join('');
    }).join('\n');
    return {needle, text};
  }

  // ---- text drawn invisible ----

  const tiny = (r, style) => ((r.width < 2 && style.overflowX !== 'visible') || (r.height < 2 && style.overflowY !== 'visible')
    || ((r.width < 2 || r.height < 2) && style.transform !== 'none'));

  function clippedAway(style) {
    const m = /rect\((-?[\d.]+)px,?\s*(-?[\d.]+)px,?\s*(-?[\d.]+)px,?\s*(-?[\d.]+)px\)/.exec(style.clip || '');
    return !!m && style.position !== 'static' && (m[2] - m[4] < 2 || m[3] - m[1] < 2);
  }

  /** Drawn (so in innerText) but not seen: opacity 0, no size with its overflow cut, off the page, clipped. */
  function drawnInvisible(el) {
    if (!el.checkVisibility?.()) return false;          // not drawn: innerText leaves it out already
    const style = getComputedStyle(el);
    if (style.visibility !== 'visible') return false;
    if (style.opacity === '0' || clippedAway(style)) return true;
    const r = el.getBoundingClientRect();
    const page = document.documentElement;
    return tiny(r, style) || r.right + scrollX <= 0 || r.bottom + scrollY <= 0
      || r.left + scrollX >= Math.max(page.scrollWidth, innerWidth) || r.top + scrollY >= Math.max(page.scrollHeight, innerHeight);
  }

  function invisibleBlocks(body) {
    const found = [];
    let looked = 0;
    const visit = (el) => {
      for (let child = el.firstElementChild; child; child = child.nextElementSibling) {
        if (looked >= HIDDEN_LOOKED_MAX) return;
        const n = child.textContent.length;
        if (n < HIDDEN_MIN_TEXT) continue;
        looked += 1;
        if (drawnInvisible(child)) found.push(child);
        else if (n >= HIDDEN_DESCEND_TEXT) visit(child);
      }
    };
    visit(body);
    return found;
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
    for (const el of letterRows(body)) edits.push({el, kind: 'row'});
    if (base.length > HIDDEN_SEARCH_FROM) for (const el of invisibleBlocks(body)) edits.push({el, kind: 'hide'});
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
      // A row is replaced where innerText has it one piece a line; a block drawn invisible is taken out.
      const row = edit.kind === 'row' ? rowText(edit.el) : null;
      const needle = edit.kind === 'row' ? row?.needle : edit.el.innerText.trim();
      const at = needle ? base.indexOf(needle, cursor) : -1;
      if (at < 0) continue;
      if (edit.kind === 'hide') hidden.push(needle);
      ops.push({at, del: needle.length, text: row ? row.text : '\n'});
      cursor = at + needle.length;
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

  /** The CSS-drawn strings alone, without layout: for collect.js's cheap first look. */
  const generatedStrings = () => generated().map((g) => `${g.before} ${g.after}`).join('\n');

  const forget = () => { cache = null; };

  globalThis.scamguardSeenText = {read, generatedStrings, forget};
})();
