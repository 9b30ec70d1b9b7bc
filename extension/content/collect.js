// Isolated world, document_start: collects the page shape the helper's page check reads (text, forms, image
// alts, behaviour counts) and asks for a verdict only when the page turns suspicious, and again when a page worth
// a check shows materially new content, debounced, never per keystroke. It can only ask; the service worker
// decides. It runs in every frame: a frame reports its own shape (the worker judges it by the frame's address,
// and with the top page, and stops the whole tab), but only while the frame is big enough to show a locker or a
// sign-in form, or shows a sign-in field the user can see.
(() => {
  'use strict';
  const MAX_TEXT = 1_000_000;
  const DEBOUNCE_MS = 400;
  // Below this a frame cannot draw a locker or a sign-in form worth the name (tracking pixels, 0×0 helpers,
  // 728×90 banners): it never asks. A frame resized later (a shell revealing its locker) is looked at again.
  const MIN_FRAME_WIDTH = 200;
  const MIN_FRAME_HEIGHT = 150;
  const framed = window.top !== window;
  let shownBig = false;      // the parent draws this frame bigger than its own view (a small frame scaled by CSS)
  const bigEnough = () => !framed || shownBig || (innerWidth >= MIN_FRAME_WIDTH && innerHeight >= MIN_FRAME_HEIGHT);
  const signals = Object.create(null);
  let timer = null;

  const WARNING_TEXT = /ウイルス|感染|サポート|電話|警告|ロックされ|停止され|会員資格|お支払い方法|ポイント.*失効|アカウント.*(確認|更新|停止|ロック)|virus|infected|trojan|windows (defender|security)|call (now|support|microsoft|us)|toll.?free|account (is )?(locked|suspended|on hold)|suspended|verify your (account|identity)|update your payment/i;

  const KIND_PATTERNS = [
    ['card_cvc', /cvc|cvv|csc|security.?code|セキュリティ.?コード|セキュリティーコード/i],
    ['card_expiry', /expir|exp.?(date|month|year)|mm.?\/?.?yy|有効期限/i],
    ['card_number', /card.?(num|no)|cc.?num|cardnumber|カード番号|クレジットカード/i],
    ['otp', /otp|one.?time|ワンタイム|認証コード|確認コード|verification.?code|sms.?code|2fa/i],
    ['password', /pass.?word|passwd|pwd|パスワード|暗証番号/i],
    ['account', /e.?mail|mail|user.?(name|id)|login|log.?in.?id|account|メール|アカウント|ログイン|ユーザー/i],
    ['phone', /phone|tel|mobile|電話|携帯/i],
    ['address', /address|addr|zip|postal|住所|郵便番号|都道府県|番地/i],
    ['name', /name|氏名|名前|フリガナ|カナ/i],
  ];
  const AUTOCOMPLETE_KINDS = {
    'cc-number': 'card_number', 'cc-exp': 'card_expiry', 'cc-exp-month': 'card_expiry', 'cc-exp-year': 'card_expiry',
    'cc-csc': 'card_cvc', 'one-time-code': 'otp', 'current-password': 'password', 'new-password': 'password',
    username: 'account', email: 'account', tel: 'phone', 'tel-national': 'phone', name: 'name', 'given-name': 'name',
    'family-name': 'name', 'street-address': 'address', 'postal-code': 'address', 'address-line1': 'address',
    'address-level1': 'address', 'address-level2': 'address',
  };
  const SENSITIVE = new Set(['password', 'card_number', 'card_expiry', 'card_cvc', 'otp']);
  // Amazon's own first sign-in step asks only for the e-mail address or phone number: such a field is worth a
  // check when the page shows the brand (every newsletter box is not).
  const SIGN_IN_STEP = new Set(['account', 'phone']);
  const BRAND_SHOWN = /amazon|アマゾン|ａｍａｚｏｎ/i;
  // A word that mixes Latin with Cyrillic or Greek letters ("Amаzоn" with a Cyrillic а and о) is written to pass
  // for a name without matching it: worth a check on its own (the helper's PAGE_BRAND_LOOKALIKE_LETTERS decides).
  const MIXED_SCRIPT_WORD = /[A-Za-z][\u0370-\u03ff\u0400-\u04ff]|[\u0370-\u03ff\u0400-\u04ff][A-Za-z]/;

  // ---- what the user sees beyond the light DOM (issue 12) ----

  // The only elements attachShadow() accepts (besides custom elements, whose names have a "-"): asking the browser
  // about a closed root costs an extension call per element, so only these are asked.
  const SHADOW_HOSTS = new Set(['article', 'aside', 'blockquote', 'body', 'div', 'footer', 'h1', 'h2', 'h3', 'h4', 'h5',
    'h6', 'header', 'main', 'nav', 'p', 'section', 'span']);
  /** A closed shadow root, for the elements that can have one: chrome.dom throws on anything that is not an
   *  HTMLElement (an inline <svg> and its children, MathML), which left such pages never checked at all. */
  const closedRoot = (el) => {
    if (!(el instanceof HTMLElement) || !(SHADOW_HOSTS.has(el.localName) || el.localName.includes('-'))) return null;
    try { return chrome.dom?.openOrClosedShadowRoot?.(el) ?? null; } catch { return null; }
  };

  // Every shadow root in the page, open and closed (an extension may reach closed ones), nested ones too, kept up to
  // date instead of asking every element on every look (a few ms on a 100 KB page). A root is made
  //  - by attachShadow: hook.js reports the host, from whichever same-origin realm the function was taken;
  //  - by a parser (<template shadowrootmode>: the page's, document.write's, setHTMLUnsafe's, which never gives a
  //    root to the element it is called on), or as the copy of a clonable root (cloneNode, importNode): the host
  //    reaches the page as an added node (observed below, in the document and in every root found), or is on the
  //    page while the page's parser is still writing it.
  // So: every element is asked on the first look and on every look while the document is loading (an element the
  // parser has opened may still get its declarative root) and on the first look after; otherwise only the elements
  // added since the last look and the reported hosts; and every element again at least every FULL_SCAN_MS (a way
  // nobody has thought of is found that late at worst).
  const FULL_SCAN_MS = 30000;
  const ADDED_MAX = 5000;               // elements added between two looks: past that, every element is asked
  const roots = new Set();
  let ordered = [];
  let fullScanDue = true;
  let fullScanAt = 0;
  let reported = [];
  let addedSince = [];
  const keepAdded = (records) => {
    // While the page's parser writes, every element is asked at the next look anyway: no need to hold them all.
    if (document.readyState === 'loading') { fullScanDue = true; addedSince = []; return; }
    for (const record of records) {
      for (const node of record.addedNodes) if (node.nodeType === Node.ELEMENT_NODE) addedSince.push(node);
    }
    if (addedSince.length > ADDED_MAX) { fullScanDue = true; addedSince = []; }
  };
  const added = new MutationObserver(keepAdded);
  added.observe(document, {childList: true, subtree: true});
  globalThis.scamguardChannel?.listenShadowHosts((host) => { if (host.ownerDocument === document) reported.push(host); });

  function addRoot(shadow) {
    roots.add(shadow);
    shadow.addEventListener('play', () => schedule(), true);     // "play" does not leave a shadow tree
    added.observe(shadow, {childList: true, subtree: true});
    scanIn(shadow, false);
  }
  /** el's own root, found or (deep) looked into again: a reported host may be inside a root already known. */
  function consider(el, deep) {
    const shadow = el.shadowRoot ?? closedRoot(el);
    if (!shadow) return;
    if (!roots.has(shadow)) addRoot(shadow);
    else if (deep) scanIn(shadow, true);
  }
  function scanIn(scope, deep) {
    for (const el of scope.querySelectorAll('*')) consider(el, deep);
  }
  function scanNode(node, deep) {
    if (node.nodeType !== Node.ELEMENT_NODE || !node.isConnected) return;
    consider(node, deep);
    scanIn(node, deep);
  }

  /** The chain of hosts from the document down to a root's host, for document order across trees. */
  const hostChain = (root) => {
    const chain = [];
    for (let r = root; r instanceof ShadowRoot; r = r.host.getRootNode()) chain.unshift(r.host);
    return chain;
  };
  function byTreeOrder(a, b) {
    const ca = hostChain(a); const cb = hostChain(b);
    for (let i = 0; i < Math.min(ca.length, cb.length); i += 1) {
      if (ca[i] !== cb[i]) return ca[i].compareDocumentPosition(cb[i]) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1;
    }
    return ca.length - cb.length;
  }

  function updateRoots() {
    keepAdded(added.takeRecords());
    const nodes = addedSince;
    const hosts = reported;
    addedSince = [];
    reported = [];
    let changed = false;
    if (fullScanDue || document.readyState === 'loading' || Date.now() - fullScanAt >= FULL_SCAN_MS) {
      roots.clear();
      scanIn(document, false);                // found in tree order
      ordered = [...roots];
      fullScanAt = Date.now();
      fullScanDue = document.readyState === 'loading';
    } else {
      const size = roots.size;
      for (const node of nodes) scanNode(node, false);
      for (const host of hosts) scanNode(host, true);
      for (const root of roots) if (!root.host.isConnected) { roots.delete(root); changed = true; }
      changed ||= roots.size !== size;
    }
    if (changed) ordered = [...roots].sort(byTreeOrder);
    return ordered;
  }

  // What one look works out once, shared by the shape, the fields and the page sent; gone with the task.
  let look = null;
  const once = (key, make) => {
    if (!look) { look = new Map(); setTimeout(() => { look = null; }, 0); }
    if (!look.has(key)) look.set(key, make());
    return look.get(key);
  };
  const pageShadowRoots = () => once('roots', updateRoots);
  const scopes = () => [document, ...pageShadowRoots()];
  /** A look starts from the page as it is now. */
  const forgetLook = () => { look = null; globalThis.scamguardSeenText?.forget(); };
  // The light DOM's text as the user reads it (content/seen-text.js): CSS-drawn text in place, one-letter-per-element
  // rows joined, and on a long page the text drawn invisible moved behind the visible text.
  const seen = () => globalThis.scamguardSeenText?.read() ?? {visible: document.body?.innerText ?? '', hidden: ''};
  const shadowText = (roots, visible) => roots.map((r) => [...r.children]
    .map((c) => (visible ? c.innerText : c.textContent) ?? '').join('\n')).join('\n');

  // A root's text is read on its own, after the light DOM's: a sentence or a number split at a shadow boundary
  // ("050-1234-" and a closed root holding "5678" beside it) would come in two pieces. So the block around each
  // host drawn inline is read once more as one line, its roots' text in place (slots filled), bounded.
  const COMPOSED_CHARS = 1000;
  const COMPOSED_NODES = 2000;
  const COMPOSED_BLOCKS = 100;          // nodes walked a block: a big block with little text stops there too
  const SKIPPED = new Set(['script', 'style', 'template', 'noscript']);
  let composedNodes = 0;
  function flatText(node, rootOf, acc) {
    if (acc.length > COMPOSED_CHARS || (composedNodes += 1) > COMPOSED_NODES) return acc;
    if (node.nodeType === Node.TEXT_NODE) return acc + node.data;
    if (node.nodeType !== Node.ELEMENT_NODE && node.nodeType !== Node.DOCUMENT_FRAGMENT_NODE) return acc;
    if (SKIPPED.has(node.localName)) return acc;
    let children = rootOf.get(node)?.childNodes ?? node.childNodes;
    if (node.localName === 'slot') {
      const assigned = node.assignedNodes();
      if (assigned.length) children = assigned;
    }
    for (const child of children) acc = flatText(child, rootOf, acc);
    return acc;
  }
  function composedLines(roots) {
    const rootOf = new Map(roots.map((r) => [r.host, r]));
    const blocks = new Set();
    for (const root of roots) {
      if (blocks.size >= COMPOSED_BLOCKS) break;
      let el = root.host;
      if (!/^(inline|contents)/.test(getComputedStyle(el).display)) continue;
      for (let up = 0; up < 6 && el.parentElement && /^(inline|contents)/.test(getComputedStyle(el).display); up += 1) {
        el = el.parentElement;
      }
      blocks.add(el);
    }
    return [...blocks].map((b) => { composedNodes = 0; return flatText(b, rootOf, ''); })
      .map((t) => t.slice(0, COMPOSED_CHARS).replace(/\s+/g, ' ')).join('\n');
  }

  // Text drawn by ::before / ::after inside a root, by the root's own style sheets: content/seen-text.js reads it
  // as it reads the document's (the same rules: strings, attr(), counters, @keyframes' content).
  const seenText = () => globalThis.scamguardSeenText;
  const rootGenerated = (root) => seenText()?.generatedIn(root) ?? '';
  const contentStrings = (value, el) => seenText()?.contentText(value, el) ?? '';

  // Text the page writes into form controls, which innerText leaves out: a read-only box or text area used as the
  // warning, an <input type=button>'s label, a placeholder. What the user typed is not read: a box's value only
  // while the user has never acted on the page (or it is read-only or a button), else what the markup wrote.
  // Never a password box, nor one masked as one.
  /** The elements `selector` matches in the document and in each of the page's roots, in that order (none where a
   *  selector is one querySelectorAll does not take). */
  function* inScopes(roots, selector) {
    for (const scope of [document, ...roots]) {
      try { yield* scope.querySelectorAll(selector); } catch { /* a selector this scope does not take */ }
    }
  }
  const CONTROLS_MAX = 200;
  const CONTROL_CHARS = 2000;
  const TEXT_TYPES = new Set(['text', 'search', 'url', 'tel', 'email', 'number', 'button', 'submit', 'reset', 'textarea']);
  const BUTTON_TYPES = new Set(['button', 'submit', 'reset']);
  function controlText(roots, visible) {
    const out = [];
    let n = 0;
    const untouched = !navigator.userActivation?.hasBeenActive;
    for (const el of inScopes(roots, 'input, textarea')) {
      if ((n += 1) > CONTROLS_MAX) break;
      if (!TEXT_TYPES.has(el.type)) continue;
      if (visible && (!el.checkVisibility({opacityProperty: true, visibilityProperty: true})
                      || (el.type === 'text' && maskedByCss(el)))) continue;
      const value = el.readOnly || el.disabled || BUTTON_TYPES.has(el.type) || untouched ? el.value : el.defaultValue;
      const line = value || el.placeholder || '';
      if (line.trim()) out.push(line.slice(0, CONTROL_CHARS));
    }
    return out.join('\n');
  }
  // Text drawn in another order than it is written: an element laid out right to left with its letters' own
  // direction overridden (<bdo dir=rtl>, `direction: rtl; unicode-bidi: bidi-override`) shows its text backwards,
  // so a kit writes every line backwards and the user reads it the right way round; so does a run after U+202E
  // (RIGHT-TO-LEFT OVERRIDE) in the text itself. Such text is read once more the way it is drawn.
  const OVERRIDDEN_MAX = 200;
  const RLO_RUN = /\u202e([^\u202a-\u202e\n]*)\u202c?/g;
  const backwards = (line) => [...line].reverse().join('');
  const drawnOrder = (text) => (text.includes('\u202e') ? text.replace(RLO_RUN, (_, run) => backwards(run)) : text);
  const OVERRIDE_ATTRIBUTES = 'bdo[dir="rtl" i], [style*="bidi-override" i], [style*="isolate-override" i]';
  // The style sheets' override rules, walked again only when the sheets or their number of rules change.
  let overrideRules = {key: '', selectors: []};
  function overrideSelectors(roots) {
    const sheets = [...document.styleSheets, ...(document.adoptedStyleSheets ?? []),
      ...roots.flatMap((r) => [...r.styleSheets, ...(r.adoptedStyleSheets ?? [])])];
    let key = `${sheets.length}`;
    for (const sheet of sheets) { try { key += `:${sheet.cssRules.length}`; } catch { key += ':x'; } }
    if (key === overrideRules.key) return overrideRules.selectors;
    const found = new Set();
    const walk = (rules, depth) => {
      for (const rule of rules) {
        if (rule.cssRules?.length && depth < 8) walk(rule.cssRules, depth + 1);
        if (rule.selectorText && /override/i.test(rule.style?.unicodeBidi ?? '')) found.add(rule.selectorText);
      }
    };
    for (const sheet of sheets) {
      try { walk(sheet.cssRules, 0); } catch { /* unreadable */ }
    }
    overrideRules = {key, selectors: [...found]};
    return overrideRules.selectors;
  }
  /** The elements that may draw their text backwards: none on almost every page, found without layout. */
  const overriding = (roots) => once('overriding', () => {
    const selector = [OVERRIDE_ATTRIBUTES, ...overrideSelectors(roots)].join(', ');
    return [document, ...roots].some((scope) => { try { return scope.querySelector(selector); } catch { return false; } })
      ? selector : '';
  });
  function overriddenText(roots) {
    const selector = overriding(roots);
    const out = [];
    if (!selector) return '';
    for (const el of inScopes(roots, selector)) {
      if (out.length >= OVERRIDDEN_MAX) break;
      const style = getComputedStyle(el);
      if (style.direction !== 'rtl' || !/override/.test(style.unicodeBidi)) continue;
      const text = el.innerText ?? '';
      if (text.trim()) out.push(text.split('\n').map(backwards).join('\n'));
    }
    return out.join('\n');
  }

  // A number the page does not show but dials: a tel: link ("tap here" under "call a technician"). Read with the
  // text around the link, as if the number were written there.
  const TEL_LINKS_MAX = 20;
  function dialledText(roots, visible) {
    const out = [];
    for (const a of inScopes(roots, 'a[href^="tel:" i]')) {
      if (out.length >= TEL_LINKS_MAX) break;
      if (visible && !a.checkVisibility({opacityProperty: true, visibilityProperty: true})) continue;
      let number = '';
      try { number = decodeURIComponent(a.getAttribute('href').slice(4)).split(/[;?]/)[0].slice(0, 40); } catch { continue; }
      const around = (a.parentElement ?? a).textContent.replace(/\s+/g, ' ').trim().slice(0, 300);
      if (/\d/.test(number)) out.push(`${around} ${number}`);
    }
    return out.join('\n');
  }

  // An image that does not load shows its alt text in its place, as text.
  const BROKEN_IMAGES_MAX = 200;
  function brokenImageText(roots, visible) {
    const out = [];
    for (const img of inScopes(roots, 'img[alt]')) {
      if (out.length >= BROKEN_IMAGES_MAX) break;
      if (!img.complete || img.naturalWidth !== 0 || !img.alt.trim()) continue;
      if (visible && !img.checkVisibility({opacityProperty: true, visibilityProperty: true})) continue;
      out.push(img.alt.slice(0, CONTROL_CHARS));
    }
    return out.join('\n');
  }

  /** What the light DOM's text leaves out: the roots' text, whole blocks across roots, the text the roots' style
   *  sheets draw, the controls' text, text drawn backwards read the right way round, the numbers tel: links dial, the alt text
   *  of images that did not load. */
  const besides = (roots, visible) => once(`besides:${visible}`, () => [
    roots.length ? shadowText(roots, visible) : '', roots.length ? composedLines(roots) : '',
    ...roots.map(rootGenerated), controlText(roots, visible), overriddenText(roots), dialledText(roots, visible),
    brokenImageText(roots, visible),
  ].filter(Boolean).join('\n'));

  // A box the user types into that is no <input>: an editable element (a password, card or code "field" drawn
  // with a div), or one that says it is a text box.
  const FIELDS = 'input, select, textarea, [contenteditable]:not([contenteditable="false"]), [role="textbox"]';

  /** A type=text box the page masks with CSS is a password box as far as the user can tell. */
  const maskedByCss = (el) => getComputedStyle(el).getPropertyValue('-webkit-text-security') in {disc: 1, circle: 1, square: 1};

  function labelText(el) {
    const attr = (name) => el.getAttribute(name);
    const parts = [attr('name'), el.id, attr('placeholder'), attr('aria-label'), el.title];
    if (!el.matches('input, select, textarea')) parts.push(attr('aria-placeholder'), attr('data-placeholder'));
    for (const label of el.labels ?? []) parts.push(label.textContent);
    for (const id of (attr('aria-labelledby') || '').split(/\s+/).slice(0, 5)) {
      if (id) parts.push(el.getRootNode().getElementById?.(id)?.textContent);
    }
    const previous = el.previousElementSibling;
    if (previous && !previous.matches('input, select, textarea')) parts.push(previous.textContent);
    // A form laid out as a table names its field in the cell before: <td>パスワード：</td><td><input name=f1>.
    const cell = el.closest('td, th');
    if (cell && !cell.previousElementSibling?.querySelector('input, select, textarea')) {
      parts.push(cell.previousElementSibling?.textContent ?? '');
    }
    return parts.filter(Boolean).join(' ').slice(0, 500);
  }

  function fieldKind(el) {
    const input = el.matches('input, select, textarea');
    // An editable element inside another is part of it (the browser makes every descendant editable).
    if (!input && el.parentElement?.closest('[contenteditable]:not([contenteditable="false"])')) return null;
    const type = (input ? el.type || '' : '').toLowerCase();
    if (['hidden', 'submit', 'button', 'reset', 'image', 'checkbox', 'radio', 'file'].includes(type)) return null;
    if (type === 'password' || ((type === 'text' || type === '') && !el.matches('select, textarea') && maskedByCss(el))) {
      return 'password';
    }
    const auto = (el.getAttribute('autocomplete') || '').toLowerCase().split(/\s+/).pop();
    if (AUTOCOMPLETE_KINDS[auto]) return AUTOCOMPLETE_KINDS[auto];
    if (type === 'email') return 'account';
    if (type === 'tel') return 'phone';
    const text = labelText(el);
    for (const [kind, re] of KIND_PATTERNS) if (re.test(text)) return kind;
    // Named nothing a pattern reads: its label may be drawn by CSS (`::before { content: "パスワード" }`).
    const drawn = drawnLabelText(el);
    if (drawn) for (const [kind, re] of KIND_PATTERNS) if (re.test(drawn)) return kind;
    return null;
  }

  const LABEL_ELEMENTS_MAX = 10;
  const DRAWN_LABELS_MAX = 20;          // fields per look whose drawn labels are read
  let drawnLabels = 0;
  /** The text CSS draws (::before / ::after) in a field's labels and the element before it, a few elements each. */
  function drawnLabelText(el) {
    if ((drawnLabels += 1) > DRAWN_LABELS_MAX) return '';
    const previous = el.previousElementSibling;
    const around = [...(el.labels ?? []), ...(previous && !previous.matches('input, select, textarea') ? [previous] : [])];
    let out = '';
    for (const node of around) {
      const els = [node, ...[...node.querySelectorAll('*')].slice(0, LABEL_ELEMENTS_MAX)];
      for (const x of els) {
        if (x === el) continue;
        for (const p of ['::before', '::after']) out += ' ' + contentStrings(getComputedStyle(x, p).content, x);
      }
    }
    return out.trim().slice(0, 500);
  }

  const collectForms = () => once('forms', formsNow);
  function formsNow() {
    drawnLabels = 0;
    const groups = new Map();
    for (const el of scopes().flatMap((scope) => [...scope.querySelectorAll(FIELDS)])) {
      const kind = fieldKind(el);
      if (!kind) continue;
      const form = el.form ?? el.closest('form');
      let action = location.href;
      try { action = new URL(form?.getAttribute('action') || location.href, location.href).href; } catch { /* keep */ }
      const key = form ?? document;
      if (!groups.has(key)) groups.set(key, {action, fields: new Set()});
      groups.get(key).fields.add(kind);
    }
    return [...groups.values()].map((g) => ({action: g.action, fields: [...g.fields]}));
  }

  // page.markup (README): the markup a kit copies from the brand's own pages. The helper holds the knowledge
  // (helper/data/page_brand_markup.toml); this only lists what is there, bounded, hidden elements included.
  const {markup: MARKUP_LIMITS, markupItemChars: MARKUP_ITEM_CHARS} = globalThis.scamguardLimits;   // js/limits.js
  const MARKUP_ELEMENTS = 5000;

  function collectMarkup() {
    const sets = {classes: new Set(), ids: new Set(), form_names: new Set(), resources: new Set()};
    const add = (key, value) => {
      const v = String(value ?? '').trim().toLowerCase().slice(0, MARKUP_ITEM_CHARS);
      if (v && sets[key].size < MARKUP_LIMITS[key]) sets[key].add(v);
    };
    // Only the elements that carry what is listed, found by the selector engine, in document order (a look at
    // every element of the page from script cost twice as much); a list stops when it is full.
    const each = (selector, key, take) => {
      const found = document.querySelectorAll(selector);
      for (let i = 0; i < found.length && i < MARKUP_ELEMENTS && sets[key].size < MARKUP_LIMITS[key]; i += 1) take(found[i]);
    };
    each('[class]', 'classes', (el) => { for (const c of el.getAttribute('class').split(/\s+/)) add('classes', c); });
    each('[id]', 'ids', (el) => add('ids', el.id));
    each('form', 'form_names', (el) => add('form_names', el.getAttribute('name')));
    each('script[src], link[href]', 'resources', (el) => {
      if (el.localName === 'script') add('resources', el.getAttribute('src'));
      else if (/(^|\s)(stylesheet|icon)(\s|$)/i.test(el.getAttribute('rel') || '')) add('resources', el.getAttribute('href'));
    });
    return Object.fromEntries(Object.entries(sets).map(([k, v]) => [k, [...v]]));
  }

  // A copy of Amazon's sign-in or account page asks for a check even before it shows a field or a warning word
  // (a captcha or "choose where to get the code" step): a few of its most telling pieces, as a trigger only.
  const BRAND_COPY_TRIGGER = '#ap_email, #ap_password, #auth-mfa-otpcode, .a-icon-logo, #nav-logo-sprites, ' +
    '[class*="auth-pagelet"], link[href*="AUIClients/"]';

  function collect() {
    const body = document.body;
    if (body && getComputedStyle(body).cursor === 'none' && !signals.cursor_hidden) signals.cursor_hidden = 1;
    const roots = pageShadowRoots();
    // What is seen comes first, so the bound (here and the helper's) is spent on it; the invisible text last.
    const {visible, hidden} = seen();
    const more = besides(roots, true);
    const text = drawnOrder(visible + (more ? '\n' + more : '') + (hidden ? '\n' + hidden : ''));
    return {
      title: document.title || '',
      text: text.slice(0, MAX_TEXT),
      lang: document.documentElement.lang || '',
      image_alts: [document, ...roots].flatMap((r) => [...r.querySelectorAll('img[alt]')].map((img) => img.alt))
        .filter(Boolean).slice(0, 200),
      forms: collectForms(),
      signals: {...signals},
      markup: collectMarkup(),
    };
  }

  const bucket = (n) => (n >= 6 ? 'many' : n >= 3 ? 'loop' : n);

  /** The counts as the shape sees them: going full screen and back (a request, its change, the exit) is one
   *  episode, so a video's full-screen button costs one check, not one per event. The helper gets the raw counts. */
  function shapeSignals() {
    const {fullscreen_requests: requests = 0, fullscreen_changes: changes = 0, ...rest} = signals;
    const episodes = Math.max(requests, Math.ceil(changes / 2));
    return episodes ? {...rest, fullscreen: episodes} : rest;
  }

  // Text in the DOM that is not drawn unless the page says so (CSS can display a <script>): the source of scripts
  // and style sheets, and <noscript> (scripts run here). Real pages carry words in it (inline data, messages).
  const UNDRAWN = 'script, style, noscript';

  /** body.textContent (`text`) without the text of the undrawn elements the page does not draw: the text between
   *  them, read with a range (no walk in script). */
  function drawnText(body, text) {
    const undrawn = body.querySelectorAll(UNDRAWN);
    if (!undrawn.length) return text;
    const range = document.createRange();
    range.setStart(body, 0);
    let out = '';
    let left = null;
    for (const el of undrawn) {
      if (left?.contains(el) || el.checkVisibility()) continue;
      range.setEndBefore(el);
      out += range.toString();
      range.setStartAfter(el);
      left = el;
    }
    range.setEnd(body, body.childNodes.length);
    return out + range.toString();
  }

  let warnedLastLook = false;      // the text as seen had warning words at the last look that tested it

  /** What makes a page worth a check, reduced to a signature so the same shape is asked about once. Cheap on
   *  purpose (textContent, no layout): it runs after DOM changes; the full page is collected only on a change. */
  // Media playing with sound on a page the user has never acted on started by itself. The page hook counts the
  // starts it hears; one in a root the parser made (<template shadowrootmode>: no attachShadow for the hook to
  // see) reaches no listener of the page's: looked for here, in every root, at every look (and a root's "play"
  // asks for one). The count is at least the number of such media, never one more per look.
  const heardPlaying = new WeakSet();
  let playingAlone = 0;
  function countPlayingAlone() {
    if (navigator.userActivation?.hasBeenActive) return;
    for (const scope of scopes()) {
      for (const m of scope.querySelectorAll('audio, video')) {
        if (m.paused || m.muted || m.volume === 0 || heardPlaying.has(m)) continue;
        heardPlaying.add(m);
        playingAlone += 1;
      }
    }
    if (playingAlone > (signals.audio_autoplay ?? 0)) signals.audio_autoplay = playingAlone;
  }

  function shapeNow() {
    countPlayingAlone();
    const forms = collectForms();
    const body = document.body;
    const roots = pageShadowRoots();
    const bodyText = body?.textContent ?? '';
    const shadowPlain = besides(roots, false).slice(0, 50000);
    const plain = bodyText.slice(0, MAX_TEXT) + shadowPlain;
    const kinds = forms.flatMap((f) => f.fields);
    const brand = kinds.some((k) => SIGN_IN_STEP.has(k)) && (BRAND_SHOWN.test(document.title || '') || BRAND_SHOWN.test(plain)
      || [document, ...roots].some((r) => [...r.querySelectorAll('img[alt]')].some((img) => BRAND_SHOWN.test(img.alt))));
    const sensitive = kinds.filter((k) => SENSITIVE.has(k) || (brand && SIGN_IN_STEP.has(k)));
    // textContent without the source of scripts and style sheets the page does not draw, and the CSS-drawn strings
    // first (no layout); only if they have warning words, confirm they are seen. Whitespace and characters with no
    // width dropped too: one letter per element, a <br>, a soft hyphen or a zero-width joiner inside a word.
    const mentions = (said) => {
      const t = drawnOrder(said);
      return WARNING_TEXT.test(t) || WARNING_TEXT.test(t.replace(/[\s\u00ad\u200b-\u200f\u2060-\u2064\ufeff]+/g, ''));
    };
    // A page that showed warning words at the last look is read as seen straight away: the cheap test only
    // spares that work on pages without such words (it rules pages out; the text as seen decides).
    const said = () => (body ? drawnText(body, bodyText) : '').slice(0, MAX_TEXT) + shadowPlain + '\n'
      + (globalThis.scamguardSeenText?.generatedStrings() ?? '');
    const shown = () => mentions(seen().visible.slice(0, 50000) + '\n' + besides(roots, true).slice(0, 50000));
    const warning = WARNING_TEXT.test(document.title || '') || (warnedLastLook = (warnedLastLook || mentions(said())) && shown());
    const behaviour = Object.entries(shapeSignals()).map(([k, v]) => `${k}:${bucket(v)}`).sort();
    const copy = !!document.querySelector(BRAND_COPY_TRIGGER) || MIXED_SCRIPT_WORD.test(document.title || '')
      || MIXED_SCRIPT_WORD.test(plain.slice(0, 5000));
    if (!sensitive.length && !warning && !behaviour.length && !copy) return '';
    return JSON.stringify([[...new Set(sensitive)].sort(), warning, behaviour, copy]);
  }

  // Pages that never stop changing (tickers, feeds) are looked at less and less often, up to every 6 s. Only
  // DOM changes count: looks after pointer moves or on the beat (below) do not make a page busy.
  let quietRounds = 0;
  let mutated = false;

  let lastLookAt = 0;

  function evaluate() {
    timer = null;
    lastLookAt = Date.now();
    const quieter = mutated ? 1 : 0;
    mutated = false;
    listen();
    if (!document.documentElement) return;
    tellScaledFrames();
    forgetLook();
    const shape = withFramedForm(shapeNow());
    if (!shape || !mayAsk()) { quietRounds += quieter; return; }
    // A shape asked about before is asked about again only for content it has not shown in a checked state.
    const page = seenShapes.has(shape) ? materiallyNew() : collect();
    if (!page) { quietRounds += quieter; return; }
    quietRounds = 0;
    remember(shape, page);
    chrome.runtime.sendMessage({what: 'pageCheck', page}).catch(() => {});
  }

  const schedule = () => {
    if (!timer) timer = setTimeout(evaluate, Math.min(DEBOUNCE_MS * 2 ** Math.min(quietRounds, 4), 6000));
  };

  // ---- when to look again (issue 12): what the page shows over time, and frames too small to judge ----------
  // A page checked once and allowed may turn into the scam later without changing its shape (its text swapped,
  // a hidden block shown, a new document written over it, a style rule added): a page that was worth a check is
  // checked again when the words it shows (visible text, image alts, title) are materially new, that is not seen
  // in any state already checked. So a carousel or a ticker cycling through its states costs nothing, and a
  // state is asked about at most once.
  const MATERIAL_SHARE = 1 / 3;     // of the words shown now, new
  const MATERIAL_WORDS = 40;        // or this many new, whatever the page's size (a locker over a long article)
  const MIN_NEW_WORDS = 6;
  const MAX_WORDS = 50000;
  const CONTENT_SPACING_MAX_MS = 30000;   // content re-checks: 1 s, 2 s, 4 s … apart, at most 30 s
  const seenShapes = new Set();
  const seenWords = new Set();
  let lastLooked = '';
  let contentChecks = 0;
  let nextContentAt = 0;
  let later = null;
  const JAPANESE = (c) => (c >= 0x3040 && c <= 0x30ff) || (c >= 0x3400 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff);
  const SEPARATOR = (c) => (c < 128 ? !((c >= 48 && c <= 57) || (c >= 97 && c <= 122))
    : (c <= 0xbf || (c >= 0x2000 && c <= 0x206f) || (c >= 0x3000 && c <= 0x303f) || (c >= 0xff00 && c <= 0xff0f)
       || (c >= 0xff1a && c <= 0xff20) || (c >= 0xff3b && c <= 0xff40) || (c >= 0xff5b && c <= 0xff65)));

  // A Japanese letter's place among the JAPANESE ranges (28,352 of them): a pair of two fits a small integer.
  const KANA_COUNT = 28352;
  const kanaIndex = (c) => (c <= 0x30ff ? c - 0x3040 : c <= 0x9fff ? c - 0x3400 + 192 : c - 0xf900 + 192 + 27648);

  /** Words of the collected page, as numbers: Latin words (hashed, 0 … 2^30), and character pairs in Japanese (it
   *  has no spaces; below 0); numbers alone are left out (clocks, counters, prices). One pass over the characters,
   *  no regular expression: it runs on every change of a busy page. Small integers, not doubles: a set of them is
   *  about twice as fast. */
  function wordsOf(page) {
    const words = new Set();
    const hay = [page.title, ...page.image_alts, page.text].join('\n').slice(0, 200000).toLowerCase();
    let hash = 0x811c9dc5;
    let length = 0;
    let digits = true;
    let previous = 0;
    const flush = () => {
      if (length && !digits) words.add(hash & 0x3fffffff);
      hash = 0x811c9dc5; length = 0; digits = true;
    };
    for (let i = 0; i < hay.length && words.size < MAX_WORDS; i += 1) {
      const c = hay.charCodeAt(i);
      if (JAPANESE(c)) {
        flush();
        words.add(-1 - (previous ? kanaIndex(previous) : KANA_COUNT) * 32768 - kanaIndex(c));
        previous = c;
        continue;
      }
      previous = 0;
      if (SEPARATOR(c)) { flush(); continue; }
      hash = Math.imul(hash ^ c, 16777619);
      length += 1;
      if (c < 48 || c > 57) digits = false;
    }
    flush();
    return words;
  }

  function remember(shape, page) {
    seenShapes.add(shape);
    for (const word of wordsOf(page)) {
      if (seenWords.size >= MAX_WORDS) break;
      seenWords.add(word);
    }
    lastLooked = lookKey(page);
  }

  const lookKey = (page) => [page.title, ...page.image_alts, page.text].join('\u0000');

  /** The collected page when it shows materially new words (and the spacing of content re-checks allows),
   *  else null. Unchanged content costs one comparison. */
  function materiallyNew() {
    const page = collect();
    const key = lookKey(page);
    if (key === lastLooked) return null;
    let added = 0;
    const words = wordsOf(page);
    for (const word of words) if (!seenWords.has(word)) added += 1;
    const material = added >= MIN_NEW_WORDS && (added >= MATERIAL_WORDS || added >= MATERIAL_SHARE * words.size);
    if (!material) { lastLooked = key; return null; }
    const wait = nextContentAt - Date.now();
    if (wait > 0) {                 // a page changing all the time: look again when the spacing allows
      if (!later) later = setTimeout(() => { later = null; clearTimeout(timer); evaluate(); }, wait);
      return null;
    }
    nextContentAt = Date.now() + Math.min(1000 * 2 ** contentChecks, CONTENT_SPACING_MAX_MS);
    contentChecks += 1;
    return page;
  }

  // A frame of this (top) page showed a sign-in form (the worker says so): the page is worth a check from then
  // on, and its checks are judged with that form, so a brand shown later on it is seen with the frame's form.
  let framedForm = false;
  const withFramedForm = (shape) => (framedForm ? shape + '+framed-form' : shape);

  function forget() {
    seenShapes.clear();
    seenWords.clear();
    lastLooked = '';
  }

  // A child frame whose own view is small but which this page draws big (a 190×140 frame under
  // transform: scale(5)) cannot see that itself: it is told, through the worker, on the first few looks (its
  // document may not have loaded yet on the first). The worker finds it among this frame's children by address.
  const TELL_FRAME_TIMES = 6;
  const onFrameLoad = (e) => { if (e.target?.localName === 'iframe') schedule(); };
  const told = new WeakMap();
  function tellScaledFrames() {
    for (const f of document.getElementsByTagName('iframe')) {
      const times = told.get(f) ?? 0;
      if (times >= TELL_FRAME_TIMES || !/^https?:/.test(f.src)
        || (f.clientWidth >= MIN_FRAME_WIDTH && f.clientHeight >= MIN_FRAME_HEIGHT)) continue;
      const r = f.getBoundingClientRect();
      if (r.width < MIN_FRAME_WIDTH || r.height < MIN_FRAME_HEIGHT) continue;
      told.set(f, times + 1);
      chrome.runtime.sendMessage({what: 'frameShown', url: f.src}).catch(() => {});
    }
  }

  /** A frame asks when its own view is big enough to draw a locker or a sign-in form, or when it shows a
   *  password, card or sign-in field the user can see (a small frame, or one scaled up by CSS: its own view is
   *  small, what the user sees of it is not). A 1×1 tracking frame's field is not seen. */
  function mayAsk() {
    if (bigEnough()) return true;
    for (const el of scopes().flatMap((scope) => [...scope.querySelectorAll('input, select, textarea')])) {
      const kind = fieldKind(el);
      if (!kind || !(SENSITIVE.has(kind) || SIGN_IN_STEP.has(kind))) continue;
      if (el.checkVisibility && !el.checkVisibility({opacityProperty: true, visibilityProperty: true})) continue;
      const box = el.getBoundingClientRect();
      const width = Math.min(box.right, innerWidth) - Math.max(box.left, 0);
      const height = Math.min(box.bottom, innerHeight) - Math.max(box.top, 0);
      if (width >= 24 && height >= 8) return true;
    }
    return false;
  }

  // Changes no DOM mutation reports: a style shown on hover, a CSS animation's delay, a rule added through
  // CSSOM. The page is looked at after pointer moves and animation events, and on a slow beat while it is
  // visible (1 s doubling to 8 s; input starts the beat again).
  const BEAT_MIN_MS = 1000;
  const BEAT_MAX_MS = 8000;
  let beatMs = BEAT_MIN_MS;
  let beatTimer = null;
  function beat() {
    beatTimer = setTimeout(beat, beatMs);
    beatMs = Math.min(beatMs * 2, BEAT_MAX_MS);
    if (!timer && document.visibilityState === 'visible') evaluate();
  }
  // Pointer moves, wheel and animation events come by the hundred: one look a second at most.
  const nudge = () => {
    if (!timer) timer = setTimeout(evaluate, Math.max(DEBOUNCE_MS, lastLookAt + BEAT_MIN_MS - Date.now()));
  };
  const beatAgain = () => {
    if (beatMs <= BEAT_MIN_MS * 2) return;     // beating fast already
    clearTimeout(beatTimer);
    beatMs = BEAT_MIN_MS;
    beatTimer = setTimeout(beat, beatMs);
  };

  // These are about to block the page's thread, and this script's with it (alert/confirm/prompt and print()
  // do not return until answered; no timer runs meanwhile): look now, while the call has not started yet.
  const BLOCKING = new Set(['dialogs', 'print_calls']);

  // A locker shows itself on the lure's click and may hold the thread right after, with an alert loop the page
  // hook never sees (alert taken from a fresh frame). The first change after a click or key press is looked at
  // at once (a microtask right after the page's handler, before its timers), later ones after the debounce.
  let gestureLooked = true;
  const onGesture = () => { gestureLooked = false; beatAgain(); };
  // Warning words a script has just added (a locker revealed by itself) are looked at at once too, in the
  // microtask right after that script: its next task may hold the thread for good (a busy loop, or an alert loop
  // with alert taken from a removed frame, which does nothing), and a debounced look would never run. Bounded:
  // the text added in the first records (not scripts' or styles' source), four such looks a second at most.
  // While the document is being parsed the look waits for the end of parsing (DOMContentLoaded, before the
  // page's timers), so a page is not judged on its first half (a number written by a later inline script).
  const ADDED_RECORDS_MAX = 30;
  const ADDED_TEXT_MAX = 5000;
  const ADDED_LOOK_SPACING_MS = 250;
  const NOT_TEXT = new Set(['script', 'style', 'template', 'noscript']);
  let addedLookAt = 0;
  let addedWhileParsing = false;
  const warningAdded = (records) => {
    let text = '';
    for (let i = 0; i < records.length && i < ADDED_RECORDS_MAX && text.length < ADDED_TEXT_MAX; i += 1) {
      const record = records[i];
      if (record.type === 'characterData') {
        if (!NOT_TEXT.has(record.target.parentNode?.localName)) text += record.target.data;
        continue;
      }
      if (NOT_TEXT.has(record.target.localName)) continue;
      for (const node of record.addedNodes) {
        if (!NOT_TEXT.has(node.localName)) text += (node.textContent ?? '').slice(0, ADDED_TEXT_MAX) + '\n';
      }
    }
    return WARNING_TEXT.test(text);
  };
  const onParsed = () => {
    if (!addedWhileParsing) return schedule();
    addedWhileParsing = false;
    clearTimeout(timer);
    evaluate();
  };
  const onChange = (records) => {
    mutated = true;
    if (Date.now() - addedLookAt >= ADDED_LOOK_SPACING_MS && warningAdded(records)) {
      if (document.readyState === 'loading') { addedWhileParsing = true; return schedule(); }
      addedLookAt = Date.now();
      clearTimeout(timer);
      return evaluate();
    }
    if (gestureLooked || !navigator.userActivation?.isActive) return schedule();
    gestureLooked = true;
    clearTimeout(timer);
    evaluate();
  };
  // Behaviour counts come only through channel.js (page hook, trusted browser events, same-origin frames).
  // Alarm audio or speech from a frame is heard as the page's, however small the frame: a frame that cannot give
  // it to a same-origin parent synchronously tells the worker, which gives it to the top page's collector.
  const SOUNDS = new Set(['audio_autoplay', 'speech']);
  const onSignal = (name) => {
    if (framed && SOUNDS.has(name) && !globalThis.scamguardChannel?.sharedUp) {
      chrome.runtime.sendMessage({what: 'frameSound', name}).catch(() => {});
    }
    signals[name] = (signals[name] ?? 0) + 1;
    quietRounds = 0;
    if (!BLOCKING.has(name)) return schedule();
    clearTimeout(timer);
    evaluate();
  };

  /** The page's listeners, added again after every look: document.open() erases every listener of the window
   *  and the document (the page writing a new document over the checked one); adding one twice is a no-op. */
  function listen() {
    globalThis.scamguardChannel?.relisten();
    for (const type of ['pointerdown', 'keydown']) window.addEventListener(type, onGesture, true);
    for (const type of ['pointermove', 'wheel', 'animationstart', 'animationiteration', 'animationend', 'transitionend']) {
      window.addEventListener(type, nudge, {capture: true, passive: true});
    }
    document.addEventListener('visibilitychange', schedule);
    document.addEventListener('DOMContentLoaded', onParsed);
    window.addEventListener('load', schedule);
    window.addEventListener('load', onFrameLoad, true);     // a frame loaded: tell it if it is drawn scaled up
    if (framed) window.addEventListener('resize', schedule);
  }
  globalThis.scamguardChannel?.listen(onSignal);
  listen();

  // The document node itself is watched, from the start: a new document written over this one (document.open)
  // replaces the root element, and an observer of the old root would hear nothing of it.
  // Attributes too: lockers are often in the page from the start and revealed by a class or style change.
  new MutationObserver(onChange).observe(document, {
    childList: true, subtree: true, characterData: true,
    attributes: true, attributeFilter: ['class', 'style', 'hidden', 'open', 'src', 'alt'],
  });
  beatTimer = setTimeout(beat, beatMs);

  chrome.runtime.onMessage.addListener((message, sender, reply) => {
    if (sender.id !== chrome.runtime.id || sender.tab) return false;   // the service worker only
    if (message?.what === 'collect') { forgetLook(); reply({page: collect()}); return false; }
    if (message?.what === 'framedForm' && !framed) {
      // The worker judges this page with the frame's form now: what it shows now counts as checked.
      if (!framedForm && document.documentElement) { framedForm = true; forgetLook(); remember(withFramedForm(shapeNow()), collect()); }
      reply({ok: true});
      return false;
    }
    if (message?.what === 'topSound' && !framed) {
      if (SOUNDS.has(message.name)) onSignal(message.name);
      reply({ok: true});
      return false;
    }
    if (message?.what === 'shownBig' && framed) {
      if (!shownBig) { shownBig = true; schedule(); }
      reply({ok: true});
      return false;
    }
    if (message?.what === 'recheck') {
      // ms: this script's own time for one check (shape + collection), for the e2e benchmark (docs/PERFORMANCE.md)
      const start = performance.now();
      forget(); clearTimeout(timer); evaluate();
      reply({ok: true, ms: performance.now() - start});
      return false;
    }
    if (message?.what === 'release') {
      globalThis.scamguardChannel?.release();
      try { if (document.fullscreenElement) document.exitFullscreen().catch(() => {}); } catch { /* not full screen */ }
      reply({ok: true});
      return false;
    }
    return false;
  });
})();
