// Isolated world, document_start, every frame, right after hook.js and before collect.js: the one way behaviour
// counts reach the collector (issue 12: no page can hide from it, silence it or fake it).
// - From the page hook: a detached node made here, handed to hook.js in one event on window while no page script
//   has run yet (hook.js stops it there). Signals (and the elements the page gives a shadow root, for collect.js
//   to look into) come in on that node and "release" goes out on it; no page script ever holds it, so none can
//   read, forge or stop them. The page's own events on window (whatever their
//   name) count for nothing.
// - From the browser itself, trusted events the page cannot fake (isTrusted) nor stop (listeners on window,
//   capturing, registered before any page script, run first): same-document "push" navigations (pushState from
//   any frame's functions, location.hash, a fragment link a script follows) and full-screen changes.
// - From same-origin child frames (a fresh about:blank frame is its parent's own scripting: pages take alert()
//   and pushState from one): their counts also count here, next to this page's warning text, synchronously, so
//   a dialog is still looked at before it blocks the thread.
// collect.js reads it as `scamguardChannel` (an isolated-world global: the page has no way to see it).
(() => {
  'use strict';
  if (globalThis.scamguardChannel) return;
  const listeners = [];
  const node = document.createElement('div');
  let up = null;          // the parent frame's channel, when it is same-origin
  try { if (window.parent !== window) up = window.parent.scamguardChannel ?? null; } catch { up = null; }

  const deliver = (name) => {
    for (const listener of listeners) {
      try { listener(name); } catch { /* one listener's error stops no other */ }
    }
    try { up?.signal(name); } catch { /* the parent went away */ }
  };

  node.addEventListener('signal', (e) => deliver(String(e.detail)));
  // Elements the page gave a shadow root by script (hook.js): collect.js looks at them for closed roots.
  const hostListeners = [];
  node.addEventListener('shadow-host', (e) => {
    const host = e.relatedTarget;
    if (!(host instanceof Node)) return;
    for (const listener of hostListeners) {
      try { listener(host); } catch { /* one listener's error stops no other */ }
    }
  });
  // A page script called form.submit() (hook.js): a listener (content/form-post.js, top frame) that holds it
  // returns true, and the cancelled event tells the hook not to send it now. A form of another document (the page
  // took submit() from a fresh same-origin frame and called it on its own form) goes to that document's channel:
  // held there as if the form's own page had called it. (A form of another realm is no instance of this one's
  // HTMLFormElement: the browser's own getter tells.)
  const submitListeners = [];
  const formLength = Object.getOwnPropertyDescriptor(HTMLFormElement.prototype, 'length').get;
  const isForm = (value) => { try { formLength.call(value); return true; } catch { return false; } };
  const submitted = (form) => {
    for (const listener of submitListeners) {
      try { if (listener(form)) return true; } catch { /* it goes now */ }
    }
    return false;
  };
  node.addEventListener('form-submit', (e) => {
    const form = e.relatedTarget;
    if (!isForm(form)) return;
    let held = false;
    try {
      const view = form.ownerDocument?.defaultView;
      held = view && view !== window ? Boolean(view.scamguardChannel?.submitted(form)) : submitted(form);
    } catch { held = false; }
    if (held) e.preventDefault();
  });
  const hooked = !window.dispatchEvent(new MouseEvent('scamguard-hello', {relatedTarget: node, cancelable: true}));
  // A same-origin child (or a pop-up of a same-origin opener) shares its parent's table of wrappers, so toString
  // says the same in both realms. A pop-up's counts stay its own: it is a tab of its own, judged there.
  let table = up;
  try { if (!table && window.opener) table = window.opener.scamguardChannel ?? null; } catch { table = null; }
  if (hooked && table?.node) node.dispatchEvent(new MouseEvent('scamguard-parent', {relatedTarget: table.node}));

  if (window.navigation) {
    navigation.addEventListener('navigate', (e) => {
      if (e.isTrusted && e.navigationType === 'push' && e.destination.sameDocument && !e.userInitiated) {
        deliver('history_changes');
      }
    }, true);
  }
  // A frame that goes full screen counts the change in its own document (this runs in every frame); its parents
  // see the same change with the <iframe> as their full-screen element and leave it to the frame.
  let frameFullscreen = false;
  const onFullscreen = (e) => {
    if (!e.isTrusted) return;
    const element = document.fullscreenElement;
    const ofFrame = element ? /^(IFRAME|FRAME)$/.test(element.tagName) : frameFullscreen;
    frameFullscreen = Boolean(element) && ofFrame;
    if (!ofFrame) deliver('fullscreen_changes');
  };
  // document.open() erases the window's listeners: collect.js adds this one again after every look.
  const relisten = () => window.addEventListener('fullscreenchange', onFullscreen, true);
  relisten();

  globalThis.scamguardChannel = Object.freeze({
    node,
    hooked,
    /** fn(name) for every behaviour counted in this frame or a same-origin frame inside it. */
    listen: (fn) => { listeners.push(fn); },
    signal: deliver,
    /** fn(element) for every element the page gave a shadow root by script (hook.js). */
    listenShadowHosts: (fn) => { hostListeners.push(fn); },
    relisten,
    /** This frame's counts also count in its parent's channel (a same-origin parent). */
    sharedUp: up !== null,
    /** fn(form) for every form.submit() a page script calls in this frame; true: fn holds it and sends it later. */
    listenFormSubmits: (fn) => { submitListeners.push(fn); },
    /** A form.submit() called in another same-origin frame on a form of this document: true when it is held. */
    submitted,
    /** Tells the page hook to give control back (its answer is synchronous). */
    release: () => { node.dispatchEvent(new CustomEvent('release')); },
  });
})();
