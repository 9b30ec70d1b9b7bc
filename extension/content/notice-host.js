// Isolated world, top frame only: puts the extension's notice page (notice.html) at the top of the page when the
// service worker says this page deserves one (a warn verdict today; one page, several modes). The notice is an
// <iframe> of an extension page inside a closed shadow root: the page can neither read it nor restyle its
// contents, and only the notice itself (an extension page) can send "don't warn me on this site".
(() => {
  'use strict';
  if (window.top !== window) return;
  const HEIGHT = 72;
  let pushed = null;   // the page's own inline padding-top, put back when the bar goes
  let host = null;
  let watcher = null;

  function show(mode) {
    if (host?.isConnected && host.dataset.mode === mode) return;
    hide();
    host = document.createElement('scamguard-notice');
    host.dataset.mode = mode;
    // Inline and !important: the page's own stylesheets cannot move, shrink or hide the bar.
    host.setAttribute('style', `all: initial !important; position: fixed !important; inset: 0 0 auto 0 !important;
      width: 100% !important; height: ${HEIGHT}px !important; z-index: 2147483647 !important; display: block !important;
      opacity: 1 !important; visibility: visible !important; margin: 0 !important; border: 0 !important;
      padding: 0 !important; transform: none !important; filter: none !important;`);
    const root = host.attachShadow({mode: 'closed'});
    const frame = document.createElement('iframe');
    frame.src = chrome.runtime.getURL('notice.html') + '?mode=' + encodeURIComponent(mode);
    frame.setAttribute('style', 'all: initial; display: block; width: 100%; height: 100%; border: 0;');
    frame.title = 'ScamGuard';
    root.append(frame);
    // The top layer when the browser has it: above anything the page stacks with z-index.
    host.setAttribute('popover', 'manual');
    (document.body ?? document.documentElement).append(host);
    try { host.showPopover(); } catch { /* no popover support: the fixed bar stays */ }
    // The page moves down by the bar's height, so the bar covers nothing of it at first (its own fixed headers
    // excepted), as a browser's own info bar does.
    const html = document.documentElement;
    pushed = html.style.getPropertyValue('padding-top');
    html.style.setProperty('padding-top', `${HEIGHT}px`, 'important');
    // A page that removes the bar gets it back (a few times: not a fight over the DOM).
    let returns = 3;
    watcher = new MutationObserver(() => {
      if (host && !host.isConnected && returns-- > 0) {
        (document.body ?? document.documentElement).append(host);
        try { host.showPopover(); } catch { /* as above */ }
      }
    });
    watcher.observe(document.documentElement, {childList: true, subtree: true});
  }

  function hide() {
    watcher?.disconnect();
    watcher = null;
    host?.remove();
    host = null;
    if (pushed !== null) document.documentElement.style.setProperty('padding-top', pushed);
    pushed = null;
  }

  chrome.runtime.onMessage.addListener((message, sender) => {
    if (sender.id !== chrome.runtime.id || sender.tab) return false;   // the service worker only
    if (message?.what === 'showNotice' && typeof message.mode === 'string') show(message.mode);
    if (message?.what === 'hideNotice') hide();
    return false;
  });

  const ask = () => chrome.runtime.sendMessage({what: 'noticeQuery'})
    .then((answer) => { if (answer?.mode) show(answer.mode); }).catch(() => {});
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', ask, {once: true});
  else ask();
})();
