// Isolated world, document_start: collects the page shape the helper's page check reads (text, forms, image
// alts, behaviour counts) and asks for a verdict only when the page turns suspicious, debounced, never per
// keystroke. It can only ask; the service worker decides. It runs in every frame: a frame reports its own shape
// (the worker judges it by the frame's address and stops the whole tab), but only while the frame is big
// enough to show a locker or a sign-in form.
(() => {
  'use strict';
  const MAX_TEXT = 1_000_000;
  const DEBOUNCE_MS = 400;
  // Below this a frame cannot draw a locker or a sign-in form worth the name (tracking pixels, 0×0 helpers,
  // 728×90 banners): it never asks. A frame resized later (a shell revealing its locker) is looked at again.
  const MIN_FRAME_WIDTH = 200;
  const MIN_FRAME_HEIGHT = 150;
  const framed = window.top !== window;
  const bigEnough = () => !framed || (innerWidth >= MIN_FRAME_WIDTH && innerHeight >= MIN_FRAME_HEIGHT);
  const signals = Object.create(null);
  let lastShape = '';
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

  /** A closed shadow root, for the elements that can have one: chrome.dom throws on anything that is not an
   *  HTMLElement (an inline <svg> and its children, MathML), which left such pages never checked at all. */
  const closedRoot = (el) => {
    if (!(el instanceof HTMLElement)) return null;
    try { return chrome.dom?.openOrClosedShadowRoot?.(el) ?? null; } catch { return null; }
  };

  /** Every shadow root in the page, open and closed (an extension may reach closed ones), nested ones too. */
  function shadowRoots(root = document, found = []) {
    for (const el of root.querySelectorAll('*')) {
      const shadow = el.shadowRoot ?? closedRoot(el);
      if (shadow) { found.push(shadow); shadowRoots(shadow, found); }
    }
    return found;
  }

  const scopes = () => [document, ...shadowRoots()];
  const shadowText = (roots, visible) => roots.map((r) => [...r.children]
    .map((c) => (visible ? c.innerText : c.textContent) ?? '').join('\n')).join('\n');

  /** A type=text box the page masks with CSS is a password box as far as the user can tell. */
  const maskedByCss = (el) => getComputedStyle(el).getPropertyValue('-webkit-text-security') in {disc: 1, circle: 1, square: 1};

  function labelText(el) {
    const parts = [el.name, el.id, el.placeholder, el.getAttribute('aria-label'), el.title];
    for (const label of el.labels ?? []) parts.push(label.textContent);
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
    const type = (el.type || '').toLowerCase();
    if (['hidden', 'submit', 'button', 'reset', 'image', 'checkbox', 'radio', 'file'].includes(type)) return null;
    if (type === 'password' || ((type === 'text' || type === '') && el.matches('input') && maskedByCss(el))) return 'password';
    const auto = (el.autocomplete || '').toLowerCase().split(/\s+/).pop();
    if (AUTOCOMPLETE_KINDS[auto]) return AUTOCOMPLETE_KINDS[auto];
    if (type === 'email') return 'account';
    if (type === 'tel') return 'phone';
    const text = labelText(el);
    for (const [kind, re] of KIND_PATTERNS) if (re.test(text)) return kind;
    return null;
  }

  function collectForms() {
    const groups = new Map();
    for (const el of scopes().flatMap((scope) => [...scope.querySelectorAll('input, select, textarea')])) {
      const kind = fieldKind(el);
      if (!kind) continue;
      const form = el.form;
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
  const MARKUP_LIMITS = {classes: 600, ids: 300, form_names: 50, resources: 100};
  const MARKUP_ELEMENTS = 5000;

  function collectMarkup() {
    const sets = {classes: new Set(), ids: new Set(), form_names: new Set(), resources: new Set()};
    const add = (key, value) => {
      const v = String(value ?? '').trim().toLowerCase().slice(0, 300);
      if (v && sets[key].size < MARKUP_LIMITS[key]) sets[key].add(v);
    };
    const all = document.getElementsByTagName('*');
    for (let i = 0; i < all.length && i < MARKUP_ELEMENTS; i += 1) {
      const el = all[i];
      const cls = el.getAttribute('class');
      if (cls) for (const c of cls.split(/\s+/)) add('classes', c);
      if (el.id) add('ids', el.id);
      const tag = el.localName;
      if (tag === 'form') add('form_names', el.getAttribute('name'));
      else if (tag === 'script') add('resources', el.getAttribute('src'));
      else if (tag === 'link' && /(^|\s)(stylesheet|icon)(\s|$)/i.test(el.getAttribute('rel') || '')) {
        add('resources', el.getAttribute('href'));
      }
    }
    return Object.fromEntries(Object.entries(sets).map(([k, v]) => [k, [...v]]));
  }

  // A copy of Amazon's sign-in or account page asks for a check even before it shows a field or a warning word
  // (a captcha or "choose where to get the code" step): a few of its most telling pieces, as a trigger only.
  const BRAND_COPY_TRIGGER = '#ap_email, #ap_password, #auth-mfa-otpcode, .a-icon-logo, #nav-logo-sprites, ' +
    '[class*="auth-pagelet"], link[href*="AUIClients/"]';

  function collect() {
    const body = document.body;
    if (body && getComputedStyle(body).cursor === 'none' && !signals.cursor_hidden) signals.cursor_hidden = 1;
    const roots = shadowRoots();
    const text = (body?.innerText ?? '') + (roots.length ? '\n' + shadowText(roots, true) : '');
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

  /** What makes a page worth a check, reduced to a signature so the same shape is asked about once. Cheap on
   *  purpose (textContent, no layout): it runs after DOM changes; the full page is collected only on a change. */
  function shapeNow() {
    const forms = collectForms();
    const body = document.body;
    const roots = shadowRoots();
    const plain = (body?.textContent ?? '').slice(0, 50000) + (roots.length ? shadowText(roots, false).slice(0, 50000) : '');
    const kinds = forms.flatMap((f) => f.fields);
    const brand = kinds.some((k) => SIGN_IN_STEP.has(k)) && (BRAND_SHOWN.test(document.title || '') || BRAND_SHOWN.test(plain)
      || [document, ...roots].some((r) => [...r.querySelectorAll('img[alt]')].some((img) => BRAND_SHOWN.test(img.alt))));
    const sensitive = kinds.filter((k) => SENSITIVE.has(k) || (brand && SIGN_IN_STEP.has(k)));
    // textContent first (no layout); only if it has warning words, confirm they are visible (innerText).
    const warning = WARNING_TEXT.test(document.title || '') || (WARNING_TEXT.test(plain)
      && WARNING_TEXT.test((body?.innerText ?? '').slice(0, 50000) + (roots.length ? shadowText(roots, true).slice(0, 50000) : '')));
    const behaviour = Object.entries(shapeSignals()).map(([k, v]) => `${k}:${bucket(v)}`).sort();
    const copy = !!document.querySelector(BRAND_COPY_TRIGGER) || MIXED_SCRIPT_WORD.test(document.title || '')
      || MIXED_SCRIPT_WORD.test(plain.slice(0, 5000));
    if (!sensitive.length && !warning && !behaviour.length && !copy) return '';
    return JSON.stringify([[...new Set(sensitive)].sort(), warning, behaviour, copy]);
  }

  // Pages that never stop changing (tickers, feeds) are looked at less and less often, up to every 6 s.
  let quietRounds = 0;

  function evaluate() {
    timer = null;
    if (!document.documentElement || !bigEnough()) return;
    const shape = shapeNow();
    if (!shape || shape === lastShape) { quietRounds += 1; return; }
    quietRounds = 0;
    lastShape = shape;
    chrome.runtime.sendMessage({what: 'pageCheck', page: collect()}).catch(() => {});
  }

  const schedule = () => {
    if (!timer) timer = setTimeout(evaluate, Math.min(DEBOUNCE_MS * 2 ** Math.min(quietRounds, 4), 6000));
  };

  // These are about to block the page's thread, and this script's with it (alert/confirm/prompt and print()
  // do not return until answered; no timer runs meanwhile): look now, while the call has not started yet.
  const BLOCKING = new Set(['dialogs', 'print_calls']);

  window.addEventListener('scamguard:signal', (e) => {
    const name = String(e.detail);
    signals[name] = (signals[name] ?? 0) + 1;
    quietRounds = 0;
    if (!BLOCKING.has(name)) return schedule();
    clearTimeout(timer);
    evaluate();
  });
  // A locker shows itself on the lure's click and may hold the thread right after, with an alert loop the page
  // hook never sees (alert taken from a fresh frame). The first change after a click or key press is looked at
  // at once (a microtask right after the page's handler, before its timers), later ones after the debounce.
  let gestureLooked = true;
  for (const type of ['pointerdown', 'keydown']) window.addEventListener(type, () => { gestureLooked = false; }, true);
  const onChange = () => {
    if (gestureLooked || !navigator.userActivation?.isActive) return schedule();
    gestureLooked = true;
    clearTimeout(timer);
    evaluate();
  };

  document.addEventListener('DOMContentLoaded', () => {
    schedule();
    // Attributes too: lockers are often in the page from the start and revealed by a class or style change.
    new MutationObserver(onChange).observe(document.documentElement, {
      childList: true, subtree: true, characterData: true,
      attributes: true, attributeFilter: ['class', 'style', 'hidden', 'open'],
    });
  });
  window.addEventListener('load', schedule);
  if (framed) window.addEventListener('resize', schedule);

  chrome.runtime.onMessage.addListener((message, sender, reply) => {
    if (sender.id !== chrome.runtime.id || sender.tab) return false;   // the service worker only
    if (message?.what === 'collect') { reply({page: collect()}); return false; }
    if (message?.what === 'recheck') { lastShape = ''; clearTimeout(timer); evaluate(); reply({ok: true}); return false; }
    if (message?.what === 'release') {
      window.dispatchEvent(new CustomEvent('scamguard:release'));
      try { if (document.fullscreenElement) document.exitFullscreen().catch(() => {}); } catch { /* not full screen */ }
      reply({ok: true});
      return false;
    }
    return false;
  });
})();
