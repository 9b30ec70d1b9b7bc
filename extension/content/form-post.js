// Isolated world, top frame, document_start: a form the user posts from this page to a lookalike-shaped address
// is judged before it leaves, so that an allowed one goes exactly as the page meant. The detour rules would
// judge it too, but their redirect to the check page drops the request body: the check page could only go on
// with a GET of the address, the user's form data lost (or, from a GET form, in the address as before).
// So the submission is held here, the worker judges the address (and lets the next request to that host in this
// tab pass the detour when it allows it), and then the same submission goes again with the same submitter:
// method, enctype, target, action and the button's name/value as the page set them. A blocked one goes on too,
// into the detour, which ends it on the interstitial as before. The page's own submit handlers ran once and let it
// go; they are not run a second time.
// One aimed at another window gets a pass by where it comes from (its tab is not known yet).
// Not held: a submission the page cancelled, GET forms (nothing is lost), and form.submit() called by a page
// script (it fires no event: it goes through the detour as a GET).
(() => {
  'use strict';
  if (window.top !== window) return;
  const proto = HTMLFormElement.prototype;
  const read = (name) => Object.getOwnPropertyDescriptor(proto, name).get;
  // The isolated world's own getters: an <input name="action"> or name="method" shadows the form's properties.
  const formAction = read('action'), formMethod = read('method'), formTarget = read('target');
  const requestSubmit = proto.requestSubmit;
  const SAME_TAB = new Set(['', '_self', '_top', '_parent']);
  let replaying = null;     // the form whose held submission is going again now
  const held = new WeakSet();   // forms waiting for their answer: a second press meanwhile sends nothing more

  const attr = (el, name) => (el && el.hasAttribute(name) ? el.getAttribute(name) : null);
  function meant(form, submitter) {
    const button = submitter && submitter !== form ? submitter : null;
    const method = (attr(button, 'formmethod') !== null ? button.formMethod : formMethod.call(form)).toLowerCase();
    const action = attr(button, 'formaction') !== null ? button.formAction : formAction.call(form);
    const target = attr(button, 'formtarget') ?? (formTarget.call(form) || document.querySelector('base[target]')?.target || '');
    return {method, action, target: target.toLowerCase(), button};
  }

  async function hold(form, {action, target, button}) {
    held.add(form);
    // Allowed or not, it goes on when the worker answers: an allowed one passes the detour, any other meets it.
    // (An extension updated under this page throws here at once: the submission still goes on.)
    const elsewhere = !SAME_TAB.has(target);      // another window: its tab is not known yet
    try { await chrome.runtime.sendMessage({what: 'formPost', url: action, elsewhere}); } catch { /* the detour judges it */ }
    held.delete(form);
    replaying = form;
    try {
      requestSubmit.call(form, button?.form === form ? button : null);
    } catch {
      requestSubmit.call(form);     // the button left the form meanwhile
    } finally {
      replaying = null;
    }
  }

  // Capturing on window, registered before any page script: runs first. The replay skips the page's handlers.
  addEventListener('submit', (event) => {
    if (replaying && event.target === replaying) { event.stopImmediatePropagation(); return; }
    if (!event.isTrusted) return;     // a page's own SubmitEvent sends nothing: nothing to hold
    if (held.has(event.target)) { event.stopImmediatePropagation(); event.preventDefault(); return; }
    // Decided after every handler of the page has run (bubbling on window, added now: the last listener).
    addEventListener('submit', (late) => {
      if (late !== event || event.defaultPrevented || !(event.target instanceof HTMLFormElement)) return;
      const form = event.target;
      const how = meant(form, event.submitter);
      if (how.method !== 'post' || !/^https?:/i.test(how.action)) return;
      event.preventDefault();
      hold(form, how);
    }, {once: true});
  }, true);
})();
