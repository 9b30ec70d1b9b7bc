// MAIN world, document_start: counts the behaviours scareware uses to hold a user (full screen, dialog loops,
// alarm audio, speech...) and, when told, gives control back; reports the elements given a shadow root. Runs before any page script, in every frame, so it
// keeps the original functions.
//
// A scam kit reads this file (issue 12), so the page must not be able to tell it is here, nor talk to it:
// - Every wrapper is a Proxy of the browser's own function (same name, length, no prototype, not a constructor),
//   and Function.prototype.toString (itself a Proxy) gives each the native "function alert() { [native code] }".
//   Same-origin frames share one table of wrappers (handed over through the private channel below), so the
//   toString of a fresh frame says the same about the parent's wrappers, and the other way round.
// - No global, no property on any page object but the wrapped ones, with their own descriptors.
// - It talks to the isolated world (channel.js) only through a node no page script ever holds: channel.js makes
//   it and hands it over in one event on window during document_start, before any page script can listen; the
//   hook stops that event there and never listens for another. Signals and "release" then go over that node, so
//   a page can neither read, forge nor silence them. Everything used after page scripts start is a saved
//   original (Reflect.apply, getters, dispatchEvent...), so a page that patches the prototypes changes nothing.
// History changes and full-screen changes are counted by channel.js from the browser's own trusted events.
(() => {
  'use strict';
  const {apply, defineProperty, getOwnPropertyDescriptor} = Reflect;
  const ProxyCtor = Proxy;
  const WeakMapCtor = WeakMap;
  const mapGet = WeakMap.prototype.get;
  const mapSet = WeakMap.prototype.set;
  const SetCtor = Set;
  const setAdd = Set.prototype.add;
  const setForEach = Set.prototype.forEach;
  const fnToString = Function.prototype.toString;
  const toLower = String.prototype.toLowerCase;
  const dispatch = EventTarget.prototype.dispatchEvent;
  const addListener = EventTarget.prototype.addEventListener;
  const removeListener = EventTarget.prototype.removeEventListener;
  const stopImmediate = Event.prototype.stopImmediatePropagation;
  const preventDefault = Event.prototype.preventDefault;
  const CustomEventCtor = CustomEvent;
  const getter = (proto, key) => (proto ? getOwnPropertyDescriptor(proto, key)?.get : undefined);
  const relatedTarget = getter(MouseEvent.prototype, 'relatedTarget');
  const detailOf = getter(CustomEvent.prototype, 'detail');
  const targetOf = getter(Event.prototype, 'target');
  const userActivation = getter(Navigator.prototype, 'userActivation');
  const isActive = getter(window.UserActivation?.prototype, 'isActive');
  const contextOf = getter(window.AudioNode?.prototype, 'context');
  const fullscreenElement = getter(Document.prototype, 'fullscreenElement');
  const exitFullscreen = Document.prototype.exitFullscreen;
  const exitPointerLock = Document.prototype.exitPointerLock;
  const unlockKeyboard = window.Keyboard?.prototype.unlock;
  const querySelectorAll = Document.prototype.querySelectorAll;
  const pause = HTMLMediaElement.prototype.pause;
  const setMuted = getOwnPropertyDescriptor(HTMLMediaElement.prototype, 'muted')?.set;
  const removeAttribute = Element.prototype.removeAttribute;
  const closeContext = window.BaseAudioContext && window.AudioContext?.prototype.close;
  const cancelSpeech = window.SpeechSynthesis?.prototype.cancel;
  const HTMLMediaElementCtor = HTMLMediaElement;
  const MouseEventCtor = MouseEvent;
  const formLength = getter(HTMLFormElement.prototype, 'length');
  const mediaPaused = getter(HTMLMediaElement.prototype, 'paused');
  const mediaMuted = getter(HTMLMediaElement.prototype, 'muted');
  const mediaVolume = getter(HTMLMediaElement.prototype, 'volume');
  const WeakSetCtor = WeakSet;
  const weakAdd = WeakSet.prototype.add;
  const weakDelete = WeakSet.prototype.delete;
  const weakHas = WeakSet.prototype.has;
  const MutationObserverCtor = MutationObserver;
  const observe = MutationObserver.prototype.observe;
  const ownerDocument = getter(Node.prototype, 'ownerDocument');
  const instanceOf = (value, ctor) => value instanceof ctor;
  // A form of any realm: a form taken from a fresh same-origin frame's functions is another realm's instance.
  const isForm = (value) => { try { apply(formLength, value, []); return true; } catch { return false; } };

  // ---- wrappers the page cannot tell from the browser's own ----
  let natives = new WeakMapCtor();      // wrapper → the original's own source text ("function alert() { [native code] }")
  const mine = [];                      // [wrapper, text] made here, for a parent's shared table
  const register = (wrapper, original) => {
    const text = apply(fnToString, original, []);
    apply(mapSet, natives, [wrapper, text]);
    mine[mine.length] = [wrapper, text];
  };
  const disguise = (original, trap) => {
    const wrapper = new ProxyCtor(original, {__proto__: null, apply(target, self, args) {
      try { return trap(target, self, args); } catch (error) { throw unseen(error); }
    }});
    register(wrapper, original);
    return wrapper;
  };
  // An error the browser throws through a wrapper (a call with a wrong `this`) would name this file in its stack:
  // those lines go, unless the page formats stacks itself (Error.prepareStackTrace), which reading would run.
  const ErrorCtor = Error;
  const indexOf = String.prototype.indexOf;
  const slice = String.prototype.slice;
  const unseen = (error) => {
    try {
      if (error === null || typeof error !== 'object') return error;
      const format = getOwnPropertyDescriptor(ErrorCtor, 'prepareStackTrace');
      if (format && (format.get || format.set || format.value !== undefined)) return error;
      const own = getOwnPropertyDescriptor(error, 'stack');
      const stack = own && 'value' in own ? own.value : own?.get ? apply(own.get, error, []) : undefined;
      if (typeof stack !== 'string') return error;
      let kept = '';
      for (let i = 0; i <= stack.length;) {
        let end = apply(indexOf, stack, ['\n', i]);
        if (end < 0) end = stack.length;
        const line = apply(slice, stack, [i, end]);
        if (i === 0 || apply(indexOf, line, ['/content/hook.js:']) < 0) kept += (i === 0 ? '' : '\n') + line;
        i = end + 1;
      }
      defineProperty(error, 'stack', {__proto__: null, value: kept, writable: true, enumerable: false, configurable: true});
    } catch { /* leave it */ }
    return error;
  };
  Function.prototype.toString = disguise(fnToString, (target, self, args) => {
    const text = (typeof self === 'function') ? apply(mapGet, natives, [self]) : undefined;
    return text !== undefined ? text : apply(target, self, args);
  });

  // ---- the private channel to channel.js ----
  let channel = null;
  const pending = [];
  const event = (type, detail) => new CustomEventCtor(type, {__proto__: null, detail, bubbles: false, cancelable: false, composed: false});
  const emit = (name) => {
    if (channel) apply(dispatch, channel, [event('signal', name)]);
    else pending[pending.length] = name;
  };
  const onHello = (e) => {
    const node = apply(relatedTarget, e, []);
    if (channel || !node) return;
    apply(stopImmediate, e, []);
    apply(preventDefault, e, []);        // tells channel.js the hook took it
    apply(removeListener, window, ['scamguard-hello', onHello, true]);
    channel = node;
    apply(addListener, channel, ['release', release]);
    // A same-origin frame's channel.js hands over its parent's node: share the parent's table of wrappers.
    apply(addListener, channel, ['scamguard-parent', (p) => {
      const parent = apply(relatedTarget, p, []);
      if (parent) apply(dispatch, parent, [event('table', adopt)]);
    }]);
    // A child asks for this frame's table.
    apply(addListener, channel, ['table', (t) => {
      const give = apply(detailOf, t, []);
      if (typeof give === 'function') give(natives);
    }]);
    for (let i = 0; i < pending.length; i += 1) apply(dispatch, channel, [event('signal', pending[i])]);
    pending.length = 0;
    for (let i = 0; i < hostPending.length; i += 1) reportHost(hostPending[i]);
    hostPending.length = 0;
  };
  // A shadow root made by attachShadow: its host goes to the collector of the document it is in, so the collector
  // need not ask every element for a closed root on every look (content/collect.js; roots the parser makes reach
  // the page on elements it sees added). The host travels as a MouseEvent's relatedTarget on the private node
  // (a node, unlike a CustomEvent's detail, crosses to the isolated world). A wrapper taken from a fresh
  // same-origin frame or pop-up reports to the collector of the host's document: same-origin realms share one
  // table (below), which holds each document's reporter next to the wrappers' source texts.
  const hostPending = [];
  const reportHost = (host) => {
    if (!channel) { hostPending[hostPending.length] = host; return; }
    apply(dispatch, channel, [new MouseEventCtor('shadow-host', {__proto__: null, relatedTarget: host})]);
  };
  const madeShadow = (host) => {
    try {
      const owner = apply(ownerDocument, host, []);
      const report = owner === document ? reportHost : apply(mapGet, natives, [owner]);
      if (typeof report === 'function') report(host);      // none: a document no collector reads (yet)
    } catch { /* not a node */ }
  };
  apply(mapSet, natives, [document, reportHost]);
  mine[mine.length] = [document, reportHost];

  const adopt = (shared) => {
    if (!shared || shared === natives) return;
    for (let i = 0; i < mine.length; i += 1) apply(mapSet, shared, mine[i]);
    natives = shared;
  };
  apply(addListener, window, ['scamguard-hello', onHello, true]);

  // The user's activation, as the browser tells it; a wrapped call the page makes while it is active (going full
  // screen, a pop-up) uses it up, so a play() right after, in the same click, still counts as the user's.
  const perf = performance;
  const perfNow = Performance.prototype.now;
  const STILL_ACTIVE_MS = 1000;
  let activeAt = -Infinity;
  const activeNow = () => {
    try { return Boolean(apply(isActive, apply(userActivation, navigator, []), [])); } catch { return false; }
  };
  const noteActivation = () => { if (activeNow()) activeAt = apply(perfNow, perf, []); };
  const activated = () => activeNow() || apply(perfNow, perf, []) - activeAt < STILL_ACTIVE_MS;
  let released = false;
  const media = new SetCtor();
  const audioContexts = new SetCtor();
  const beforeUnloads = [];

  function wrap(owner, key, signal, whenReleased) {
    const original = owner?.[key];
    if (typeof original !== 'function') return;
    owner[key] = disguise(original, (target, self, args) => {
      noteActivation();
      if (typeof signal === 'function') signal(self); else if (signal) emit(signal);
      if (released && whenReleased) return whenReleased();
      return apply(target, self, args);
    });
  }

  /** owner[key] runs as before; then the element it gave a shadow root is reported. */
  function watchShadows(owner, key) {
    const original = owner?.[key];
    if (typeof original !== 'function') return;
    owner[key] = disguise(original, (target, self, args) => {
      const result = apply(target, self, args);
      madeShadow(self);
      try { apply(addListener, result, ['play', onPlay, true]); } catch { /* not a root */ }
      return result;
    });
  }
  watchShadows(Element.prototype, 'attachShadow');

  const rejected = () => Promise.reject(new DOMException('The request is not allowed.', 'NotAllowedError'));
  for (const key of ['requestFullscreen', 'webkitRequestFullscreen', 'webkitRequestFullScreen']) {
    wrap(Element.prototype, key, 'fullscreen_requests', rejected);
  }
  wrap(Element.prototype, 'requestPointerLock', 'pointer_lock', () => undefined);
  if (window.Keyboard) wrap(Keyboard.prototype, 'lock', 'keyboard_lock', rejected);
  for (const key of ['alert', 'confirm', 'prompt']) wrap(window, key, 'dialogs', () => null);
  wrap(window, 'print', 'print_calls', () => undefined);
  wrap(window, 'open', 'windows_opened', () => null);
  // Not counted here (channel.js counts every same-document "push" navigation, however it was made: pushState
  // from any frame, location.hash, a fragment link); only neutered once released.
  wrap(History.prototype, 'pushState', null, () => undefined);
  if (window.Notification) wrap(Notification, 'requestPermission', 'notification_requests', () => Promise.resolve('denied'));
  if (window.SpeechSynthesis) wrap(SpeechSynthesis.prototype, 'speak', 'speech', () => undefined);
  // Media that starts to play by itself: a play() call, or the autoplay attribute (no call at all: a locker's
  // <audio autoplay loop>, written in by document.write() too). Each start is counted once: a play() on a paused
  // element marks it, and the "play" event that follows is not counted again. Not counted: what the user started
  // (the page is activated), and muted or silent media (a muted video in a page's header autoplays by itself).
  const playCalled = new WeakSetCtor();
  wrap(HTMLMediaElement.prototype, 'play', (self) => {
    if (instanceOf(self, HTMLMediaElementCtor)) {
      apply(setAdd, media, [self]);
      try { if (apply(mediaPaused, self, [])) apply(weakAdd, playCalled, [self]); } catch { /* not media */ }
    }
    if (!activated()) emit('audio_autoplay');
  }, () => Promise.resolve());
  if (window.AudioScheduledSourceNode) {
    wrap(AudioScheduledSourceNode.prototype, 'start', (self) => {
      try { apply(setAdd, audioContexts, [apply(contextOf, self, [])]); } catch { /* not a node */ }
      if (!activated()) emit('audio_autoplay');
    }, () => undefined);
  }
  const audible = (m) => { try { return !apply(mediaMuted, m, []) && apply(mediaVolume, m, []) > 0; } catch { return false; } };
  // The "play" event of media started without a call. On window, capturing, before any page listener; and on every
  // shadow root attachShadow makes ("play" does not leave a shadow tree).
  // document.open() erases every listener of the window: a new document written over this one (a locker with
  // <audio autoplay>) replaces the root element, and this observer of the document node adds it again then,
  // before anything written can start playing (adding the same listener twice is a no-op).
  const heardEvents = new WeakSetCtor();
  function onPlay(e) {
    if (apply(weakHas, heardEvents, [e])) return;      // heard on the element and again on window
    apply(weakAdd, heardEvents, [e]);
    const target = apply(targetOf, e, []);
    if (!instanceOf(target, HTMLMediaElementCtor)) return;
    apply(setAdd, media, [target]);
    if (apply(weakDelete, playCalled, [target])) return;       // counted by play()
    if (!activated() && audible(target)) emit('audio_autoplay');
  }
  // An Audio never put in the page, started by its autoplay attribute: its "play" goes nowhere but itself.
  const autoplay = getOwnPropertyDescriptor(HTMLMediaElement.prototype, 'autoplay');
  if (autoplay?.set) {
    defineProperty(HTMLMediaElement.prototype, 'autoplay', {
      __proto__: null, get: autoplay.get, enumerable: autoplay.enumerable, configurable: autoplay.configurable,
      set: disguise(autoplay.set, (target, self, args) => {
        if (args[0] && instanceOf(self, HTMLMediaElementCtor)) {
          apply(setAdd, media, [self]);
          apply(addListener, self, ['play', onPlay]);
        }
        return apply(target, self, args);
      }),
    });
  }
  const listenPlay = () => apply(addListener, window, ['play', onPlay, true]);
  listenPlay();
  try { apply(observe, new MutationObserverCtor(listenPlay), [document, {__proto__: null, childList: true}]); } catch { /* no document */ }

  // form.submit() fires no submit event, so content/form-post.js (top frame) would not see a page script post a
  // form: it is told here, over the private channel, with the form as the event's relatedTarget. It answers
  // synchronously by cancelling the event: it holds the submission for its verdict and sends it itself (as
  // form.submit() would: no submit event, no validation). Not cancelled (another frame, a GET form): it goes now.
  const submitForm = HTMLFormElement.prototype.submit;
  HTMLFormElement.prototype.submit = disguise(submitForm, (target, self, args) => {
    let held = false;
    try {
      held = Boolean(channel) && isForm(self) && !apply(dispatch, channel,
        [new MouseEventCtor('form-submit', {__proto__: null, relatedTarget: self, cancelable: true})]);
    } catch { held = false; }
    return held ? undefined : apply(target, self, args);
  });

  EventTarget.prototype.addEventListener = disguise(addListener, (target, self, args) => {
    // A bare addEventListener(...) call from page script reaches here with `this` undefined and the browser
    // adds it to window: the commonest way to set "leave this page?". The type is read once, as the browser does.
    if ((self === window || self == null) && args.length >= 2) {
      const type = `${args[0]}`;
      args[0] = type;
      if (apply(toLower, type, []) === 'beforeunload') {
        emit('beforeunload');
        if (released) return undefined;
        beforeUnloads[beforeUnloads.length] = [args[1], args[2]];
      }
    }
    return apply(target, self, args);
  });
  const onBeforeUnload = getOwnPropertyDescriptor(window, 'onbeforeunload');
  if (onBeforeUnload?.set) {
    defineProperty(window, 'onbeforeunload', {
      __proto__: null, get: onBeforeUnload.get, enumerable: onBeforeUnload.enumerable,
      configurable: onBeforeUnload.configurable,
      set: disguise(onBeforeUnload.set, (target, self, args) => {
        if (args[0]) emit('beforeunload');
        return apply(target, self, [released ? null : args[0]]);
      }),
    });
  }

  function release() {
    released = true;
    try { if (apply(fullscreenElement, document, [])) apply(exitFullscreen, document, []).catch(() => {}); } catch { /* not full screen */ }
    try { apply(exitPointerLock, document, []); } catch { /* no lock */ }
    try { if (unlockKeyboard) apply(unlockKeyboard, navigator.keyboard, []); } catch { /* no lock */ }
    const silence = (m) => {
      try { apply(pause, m, []); apply(setMuted, m, [true]); apply(removeAttribute, m, ['autoplay']); } catch { /* detached */ }
    };
    apply(setForEach, media, [silence]);
    const shown = apply(querySelectorAll, document, ['audio, video']);
    for (let i = 0; i < shown.length; i += 1) silence(shown[i]);
    apply(setForEach, audioContexts, [(ctx) => { try { apply(closeContext, ctx, []); } catch { /* closed */ } }]);
    try { if (cancelSpeech) apply(cancelSpeech, window.speechSynthesis, []); } catch { /* no speech */ }
    for (let i = 0; i < beforeUnloads.length; i += 1) {
      try { apply(removeListener, window, ['beforeunload', beforeUnloads[i][0], beforeUnloads[i][1]]); } catch { /* gone */ }
    }
    beforeUnloads.length = 0;
    try { onBeforeUnload?.set && apply(onBeforeUnload.set, window, [null]); } catch { /* read-only */ }
  }
})();
