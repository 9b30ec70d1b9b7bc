// Issue 15, top frame only: is much of the window one picture (a <canvas>, an image, an <svg>, a background
// image) while the page has little text of its own? Then its words may be drawn, not written, and the page check
// is told so as a behaviour count, through the same event the page hook uses: "media_screen" when one picture
// covers half the window or more, "media_part" when a quarter (enough for a sign-in page drawn as pictures; the
// worker reads those only when they also ask for secrets). Looked at a few times after load and after a click
// or key (a locker shows itself then), at most MAX_LOOKS times; each is told once per page.
(() => {
  'use strict';
  const SHARES = [['media_screen', 0.5], ['media_part', 0.25]];   // of the window's area
  const LITTLE_TEXT = 300;        // characters of visible text
  const MAX_LOOKS = 8;
  const MAX_ELEMENTS = 400;
  let looks = 0;
  const told = new Set();

  function shareOf(el) {
    const r = el.getBoundingClientRect();
    const w = Math.max(0, Math.min(r.right, innerWidth) - Math.max(r.left, 0));
    const h = Math.max(0, Math.min(r.bottom, innerHeight) - Math.max(r.top, 0));
    return (w * h) / Math.max(1, innerWidth * innerHeight);
  }

  const isPicture = (el) => el instanceof HTMLImageElement || el instanceof HTMLCanvasElement
    || el instanceof SVGSVGElement || /url\(/.test(getComputedStyle(el).backgroundImage);

  function look() {
    if (told.has('media_screen') || looks >= MAX_LOOKS || !document.body) return;
    looks += 1;
    if ((document.body.innerText ?? '').replace(/\s+/g, ' ').trim().length >= LITTLE_TEXT) return;
    const candidates = [document.documentElement, document.body,
      ...document.querySelectorAll('img, canvas, svg, body > *, body > * > *')].slice(0, MAX_ELEMENTS);
    let largest = 0;
    for (const el of candidates) {
      const share = shareOf(el);
      if (share > largest && isPicture(el)) largest = share;
    }
    for (const [name, share] of SHARES) {
      if (largest < share || told.has(name)) continue;
      told.add(name);
      window.dispatchEvent(new CustomEvent('scamguard:signal', {detail: name}));
    }
  }

  const later = (ms) => setTimeout(look, ms);
  const start = () => { look(); later(1000); later(3000); };
  if (document.readyState === 'complete') start();
  else window.addEventListener('load', start);
  for (const type of ['pointerup', 'keyup']) window.addEventListener(type, () => later(500), true);
})();
