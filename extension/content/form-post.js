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
// A page script's form.requestSubmit() fires a trusted submit event: held the same way. Its form.submit() fires
// none: the page hook (hook.js) tells this script over the private channel (channel.js), and the held submission
// goes again as form.submit() would (no submit event), put back into the document for that if the page had
// taken it out. An <input type=image> submitter keeps where the user clicked it: the replay with it as submitter
// sends the same name.x/name.y (Chromium keeps the click's point on the element).
// Not held: a submission the page cancelled and GET forms (nothing is lost).
// document.open() erases the window's listeners: they are added again when a new document replaces this one.
(() => {
  'use strict';
  if (window.top !== window) return;
  const proto = HTMLFormElement.prototype;
  const read = (name) => Object.getOwnPropertyDescriptor(proto, name).get;
  // The isolated world's own getters: an <input name="action"> or name="method" shadows the form's properties.
  const formAction = read('action'), formMethod = read('method'), formTarget = read('target');
  const requestSubmit = proto.requestSubmit, submit = proto.submit;
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

  /** form.submit() of a form the page may have taken out of the document since (it would not go then). */
  function submitAgain(form) {
    if (form.isConnected) return submit.call(form);
    (document.body ?? document.documentElement).appendChild(form);
    try { submit.call(form); } finally { form.remove(); }
  }

  async function hold(form, {action, target, button, scripted}) {
    held.add(form);
    // Allowed or not, it goes on when the worker answers: an allowed one passes the detour, any other meets it.
    // (An extension updated under this page throws here at once: the submission still goes on.)
    const elsewhere = !SAME_TAB.has(target);      // another window: its tab is not known yet
    try { await chrome.runtime.sendMessage({what: 'formPost', url: action, elsewhere}); } catch { /* the detour judges it */ }
    held.delete(form);
    replaying = form;
    try {
      if (scripted) submitAgain(form);
      else requestSubmit.call(form, button?.form === form ? button : null);
    } catch {
      if (!scripted) requestSubmit.call(form);     // the button left the form meanwhile
    } finally {
      replaying = null;
    }
  }

  /** A page script's form.submit() (from hook.js): true when it is held here, to go once the worker answers. */
  function onScriptSubmit(form) {
    if (form.ownerDocument !== document) return false;
    if (held.has(form)) return true;
    const how = meant(form, null);
    if (how.method !== 'post' || !/^https?:/i.test(how.action)) return false;
    hold(form, {...how, scripted: true});
    return true;
  }
  globalThis.scamguardChannel?.listenFormSubmits(onScriptSubmit);

  // Capturing on window, registered before any page script: runs first. The replay skips the page's handlers.
  const onSubmit = (event) => {
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
  };
  const listen = () => addEventListener('submit', onSubmit, true);      // twice is a no-op
  listen();
  new MutationObserver(listen).observe(document, {childList: true});    // a new root: document.open()
})();
