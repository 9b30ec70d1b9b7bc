// Bounds on what a page's collected data may hold, read by both sides of it: content/collect.js (a classic
// content script: listed before it in the manifest) and guard.js (a module: it imports this file for its effect).
// So this file is a plain script that sets one frozen global, valid both ways. The helper holds the same bounds
// (helper/context.py MARKUP_KEYS, MARKUP_ITEM_CHARS); tests/test_limits_agree.py reads both files.
globalThis.scamguardLimits ??= Object.freeze({
  "markup": Object.freeze({"classes": 600, "ids": 300, "form_names": 50, "resources": 100}),
  "markupItemChars": 300
});
