// Isolated world, top frame only: puts the extension's notice page (notice.html) at the top of the page when the
// service worker says this page deserves one (a warn verdict today; one page, several modes). The notice is an
// <iframe> of an extension page inside a closed shadow root: the page can neither read it nor restyle its
// contents, and only the notice itself (an extension page) can send "don't warn me on this site".
//
// A page cannot keep the person from seeing it either (issue 12). The bar is in the top layer (a popover, above
// anything stacked with z-index) and is looked at again on every change of the page's tree, on every popover or
// dialog the page opens, and four times a second while it is shown:
// - covered (something else is the topmost element at the bar's points: a popover or full-screen element the
//   page showed later) → raised to the top of the top layer again;
// - under a modal dialog (which makes everything outside it inert) → moved into that dialog, still on top;
// - removed, restyled, taken out of the top layer → put back as it was.
// A page that keeps doing the last (FIGHTS_LIMIT times in one page view), or keeps covering it, is fighting a
// warning about itself: the worker stops it like a block (`noticeFought`) and the interstitial says why.
(() => {
  'use strict';
  if (window.top !== window) return;
  const HEIGHT = 72;
  const FIGHTS_LIMIT = 3;       // removals / restylings / hidings by the page before it is stopped
  const COVERS_LIMIT = 10;      // coverings of half the bar or more it was raised above before the page is stopped
  const STYLE = `all: initial !important; position: fixed !important; inset: 0 0 auto 0 !important;
      width: 100% !important; height: ${HEIGHT}px !important; z-index: 2147483647 !important; display: block !important;
      opacity: 1 !important; visibility: visible !important; margin: 0 !important; border: 0 !important;
      padding: 0 !important; transform: none !important; filter: none !important; clip-path: none !important;
      max-width: none !important; max-height: none !important; overflow: visible !important;
      pointer-events: auto !important; contain: none !important; mask: none !important;`;
  let pushed = null;   // the page's own inline padding-top, put back when the bar goes
  let host = null;
  let frame = null;
  let watcher = null;
  let timer = null;
  let fights = 0;
  let covers = 0;
  let fought = false;

  function show(mode) {
    if (host?.isConnected && host.dataset.mode === mode) return;
    hide();
    host = document.createElement('scamguard-notice');
    host.dataset.mode = mode;
    host.setAttribute('style', STYLE);    // inline and !important: the page's stylesheets cannot move or hide it
    host.setAttribute('popover', 'manual');
    const root = host.attachShadow({mode: 'closed'});
    frame = document.createElement('iframe');
    frame.src = chrome.runtime.getURL('notice.html') + '?mode=' + encodeURIComponent(mode);
    frame.setAttribute('style', 'all: initial; display: block; width: 100%; height: 100%; border: 0;');
    frame.title = 'ScamGuard';
    root.append(frame);
    place();
    // The page moves down by the bar's height, so the bar covers nothing of it at first (its own fixed headers
    // excepted), as a browser's own info bar does.
    const html = document.documentElement;
    pushed = html.style.getPropertyValue('padding-top');
    html.style.setProperty('padding-top', `${HEIGHT}px`, 'important');
    watcher = new MutationObserver(check);
    watcher.observe(document, {childList: true, subtree: true, attributes: true,
                               attributeFilter: ['style', 'popover', 'open', 'class', 'hidden', 'inert']});
    timer = setInterval(check, 250);
  }

  /** Where the bar goes: into the page's modal dialog when one is open (else it would be inert), else at the end of
   *  <html> (outside <body>, which frameworks re-render), then to the top of the top layer. */
  const openModal = () => [...document.querySelectorAll('dialog')].reverse().find((d) => d.matches(':modal')) ?? null;

  function place() {
    const parent = openModal() ?? document.documentElement;
    if (host.parentNode !== parent || host.nextSibling) parent.append(host);
    raise();
  }

  function raise() {
    try { if (host.matches(':popover-open')) host.hidePopover(); host.showPopover(); } catch { /* no popover support */ }
  }

  /** How many of ten points across the bar show something else on top (a cover with holes at a few of them still
   *  hides what is between). The width without the scroll bar; a point outside the view (null) is not covered. */
  const coveredPoints = () => {
    const width = document.documentElement.clientWidth || innerWidth;
    let hidden = 0;
    for (const x of [0.02, 0.25, 0.5, 0.75, 0.98]) {
      for (const y of [0.25, 0.75]) {
        const hit = document.elementFromPoint(Math.floor(width * x), Math.floor(HEIGHT * y));
        if (hit && hit !== host) hidden += 1;
      }
    }
    return hidden;
  };

  /** Puts the bar back the way it was shown; counts what the page did to it. */
  function check() {
    if (!host || fought) return;
    let fight = false;
    let replace = false;
    if (host.getAttribute('style') !== STYLE) { host.setAttribute('style', STYLE); fight = true; }
    if (host.getAttribute('popover') !== 'manual') { host.setAttribute('popover', 'manual'); fight = true; }
    for (const attribute of ['hidden', 'inert']) if (host.hasAttribute(attribute)) { host.removeAttribute(attribute); fight = true; }
    const parent = host.parentNode;
    // Removed, moved away, or out of the top layer.
    if (!host.isConnected || !host.matches(':popover-open')
        || (parent !== document.documentElement && parent?.localName !== 'dialog')) fight = replace = true;
    if (fight) {
      fights += 1;
      if (fights > FIGHTS_LIMIT) return fightBack();
      if (replace) place();
    } else if (parent !== (openModal() ?? document.documentElement)) {
      place();               // a modal dialog opened, or the one it was in closed
    }
    const hidden = document.visibilityState === 'visible' && innerWidth > 0 ? coveredPoints() : 0;
    if (hidden) {
      // Raised whatever covers it; only a cover over half the bar or more counts towards stopping the page (a
      // tooltip or menu of the page's own shown over a corner of it does not).
      if (hidden >= 5 && ++covers > COVERS_LIMIT) return fightBack();
      place();
    }
  }

  /** The page keeps taking the warning away: the worker stops it (it is judged warned, and now it hides that). */
  function fightBack() {
    fought = true;
    chrome.runtime.sendMessage({what: 'noticeFought'}).catch(() => {});
  }

  function hide() {
    watcher?.disconnect();
    watcher = null;
    clearInterval(timer);
    timer = null;
    const gone = host;
    host = null;
    frame = null;
    gone?.remove();
    if (pushed !== null) document.documentElement.style.setProperty('padding-top', pushed);
    pushed = null;
  }

  chrome.runtime.onMessage.addListener((message, sender) => {
    if (sender.id !== chrome.runtime.id || sender.tab) return false;   // the service worker only
    if (message?.what === 'showNotice' && typeof message.mode === 'string') show(message.mode);
    if (message?.what === 'hideNotice') hide();
    return false;
  });
  // Popovers and dialogs the page opens: look at once (toggle does not bubble; capturing on window, registered
  // before any page script, runs first and cannot be stopped by the page).
  for (const type of ['toggle', 'close', 'fullscreenchange']) window.addEventListener(type, () => { if (host) queueMicrotask(check); }, true);

  const ask = () => chrome.runtime.sendMessage({what: 'noticeQuery'})
    .then((answer) => { if (answer?.mode) show(answer.mode); }).catch(() => {});
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', ask, {once: true});
  else ask();
})();
