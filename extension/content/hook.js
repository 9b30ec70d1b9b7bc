// MAIN world, document_start: counts the behaviours scareware uses to hold a user (full screen, dialog and
// history loops, alarm audio, speech...) and, when told, gives control back. Runs before any page script, in
// every frame, so it keeps the original functions. Talks to collect.js (of the same frame) by DOM events only.
(() => {
  'use strict';
  if (window.__scamguardHook) return;
  Object.defineProperty(window, '__scamguardHook', {value: true});
  const dispatch = EventTarget.prototype.dispatchEvent;
  const addListener = EventTarget.prototype.addEventListener;
  const removeListener = EventTarget.prototype.removeEventListener;
  const CustomEventCtor = window.CustomEvent;
  // A fresh about:blank frame is its parent's own scripting: pages take alert() and the like from one to get past
  // the hook in their own window. Its signals count in the parent too, next to the parent's warning text.
  const parentWindow = (() => {
    try { return location.href === 'about:blank' && window.parent !== window && window.parent.document ? window.parent : null; }
    catch { return null; }          // another origin
  })();
  const emit = (name) => {
    dispatch.call(window, new CustomEventCtor('scamguard:signal', {detail: name}));
    if (parentWindow) try { dispatch.call(parentWindow, new CustomEventCtor('scamguard:signal', {detail: name})); } catch { /* gone */ }
  };
  const activated = () => Boolean(navigator.userActivation?.isActive);
  let released = false;
  const media = new Set();
  const audioContexts = new Set();
  const beforeUnloads = [];

  function wrap(owner, key, signal, {whenReleased} = {}) {
    const original = owner?.[key];
    if (typeof original !== 'function') return;
    owner[key] = function (...args) {
      if (typeof signal === 'function') signal.call(this, args); else if (signal) emit(signal);
      if (released && whenReleased) return whenReleased.call(this, args);
      return original.apply(this, args);
    };
  }

  const rejected = () => Promise.reject(new DOMException('blocked by ScamGuard', 'NotAllowedError'));
  for (const key of ['requestFullscreen', 'webkitRequestFullscreen', 'webkitRequestFullScreen']) {
    wrap(Element.prototype, key, 'fullscreen_requests', {whenReleased: rejected});
  }
  wrap(Element.prototype, 'requestPointerLock', 'pointer_lock', {whenReleased: () => undefined});
  if (window.Keyboard) wrap(Keyboard.prototype, 'lock', 'keyboard_lock', {whenReleased: rejected});
  for (const key of ['alert', 'confirm', 'prompt']) wrap(window, key, 'dialogs', {whenReleased: () => null});
  wrap(window, 'print', 'print_calls', {whenReleased: () => undefined});
  wrap(window, 'open', 'windows_opened', {whenReleased: () => null});
  // pushState adds entries (the "back button cannot leave" trap); replaceState does not, and every single-page
  // app calls it all the time, so it is not counted.
  wrap(History.prototype, 'pushState', 'history_changes', {whenReleased: () => undefined});
  if (window.Notification) wrap(Notification, 'requestPermission', 'notification_requests',
                                 {whenReleased: () => Promise.resolve('denied')});
  if (window.speechSynthesis) wrap(speechSynthesis, 'speak', 'speech', {whenReleased: () => undefined});
  wrap(HTMLMediaElement.prototype, 'play', function () {
    media.add(this);
    if (!activated()) emit('audio_autoplay');
  }, {whenReleased: () => Promise.resolve()});
  if (window.AudioScheduledSourceNode) {
    wrap(AudioScheduledSourceNode.prototype, 'start', function () {
      audioContexts.add(this.context);
      if (!activated()) emit('audio_autoplay');
    }, {whenReleased: () => undefined});
  }
  // Media started by the autoplay attribute never calls play().
  addListener.call(document, 'play', (e) => { if (e.target instanceof HTMLMediaElement) media.add(e.target); }, true);
  // A frame that goes full screen counts the change in its own document (the hook runs in every frame); its
  // parents see the same change with the <iframe> as their full-screen element and leave it to the frame.
  let frameFullscreen = false;
  addListener.call(document, 'fullscreenchange', () => {
    const element = document.fullscreenElement;
    const ofFrame = element ? /^(IFRAME|FRAME)$/.test(element.tagName) : frameFullscreen;
    frameFullscreen = Boolean(element) && ofFrame;
    if (!ofFrame) emit('fullscreen_changes');
  }, true);

  EventTarget.prototype.addEventListener = function (type, listener, options) {
    // A bare addEventListener(...) call from page script reaches here with `this` undefined (this file is
    // strict) and the browser adds it to window: the commonest way to set "leave this page?".
    if ((this === window || this == null) && String(type).toLowerCase() === 'beforeunload') {
      emit('beforeunload');
      if (released) return undefined;
      beforeUnloads.push([listener, options]);
    }
    return addListener.call(this, type, listener, options);
  };
  const onBeforeUnload = Object.getOwnPropertyDescriptor(window, 'onbeforeunload')
    ?? Object.getOwnPropertyDescriptor(Window.prototype, 'onbeforeunload');
  if (onBeforeUnload?.set) {
    Object.defineProperty(window, 'onbeforeunload', {
      configurable: true, enumerable: true,
      get() { return onBeforeUnload.get.call(window); },
      set(value) {
        if (value) emit('beforeunload');
        onBeforeUnload.set.call(window, released ? null : value);
      },
    });
  }

  addListener.call(window, 'scamguard:release', () => {
    released = true;
    try { if (document.fullscreenElement) document.exitFullscreen().catch(() => {}); } catch { /* not full screen */ }
    try { document.exitPointerLock?.(); } catch { /* no lock */ }
    try { navigator.keyboard?.unlock?.(); } catch { /* no lock */ }
    for (const m of [...media, ...document.querySelectorAll('audio, video')]) {
      try { m.pause(); m.muted = true; m.removeAttribute('autoplay'); } catch { /* detached */ }
    }
    for (const ctx of audioContexts) { try { ctx.close(); } catch { /* closed */ } }
    try { window.speechSynthesis?.cancel(); } catch { /* no speech */ }
    for (const [listener, options] of beforeUnloads.splice(0)) removeListener.call(window, 'beforeunload', listener, options);
    try { onBeforeUnload?.set?.call(window, null); } catch { /* read-only */ }
    dispatch.call(window, new CustomEventCtor('scamguard:released'));
  });
})();
