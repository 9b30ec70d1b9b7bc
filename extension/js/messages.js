// The closed message vocabulary. Anything else is rejected by the service worker.

export const Msg = Object.freeze({
  // from content scripts (any web page can drive these, so they only ever make a page look *more* suspicious,
  // or get what a navigation the page starts would get from the check page anyway)
  PAGE_CHECK: 'pageCheck',           // {page}: the collector saw something suspicious
  NOTICE_QUERY: 'noticeQuery',       // top page loaded: → {mode}: which in-tab notice it shows, if any
  NOTICE_FOUGHT: 'noticeFought',     // the top page keeps removing, hiding or covering its notice bar
  FORM_POST: 'formPost',             // {url}: the user posts a form there (held): the pass the check page would give
  FRAME_SHOWN: 'frameShown',         // {url}: a child frame is drawn big enough to judge, its own view is not
  FRAME_SOUND: 'frameSound',         // {name}: a cross-origin frame played alarm audio or speech by itself
  // from the extension's own pages only
  CHECK_NAVIGATION: 'checkNavigation', // check.html: {url, unchecked?} → {action: 'continue'|'block'|'offline'}
  BLOCK_INFO: 'blockInfo',           // blocked.html: → the verdict that blocked this tab
  PROCEED: 'proceed',                // blocked.html: {url, mode: 'once'|'always'}
  BACK_TO_SAFETY: 'backToSafety',    // blocked.html: leave for the previous page or a new tab
  TAB_STATE: 'tabState',             // popup: {tabId} → state of the tab
  CHECK_NOW: 'checkNow',             // popup: {tabId} → run the full page check now
  GET_SETTINGS: 'getSettings',
  SET_SETTINGS: 'setSettings',       // options: {helperUrl?, lang?}
  UNTRUST: 'untrust',                // options: {host}
  RECORD_STATE: 'recordState',       // blocked.html: {url} → the evidence record of this block
  KEEP_SCREENSHOT: 'keepScreenshot', // blocked.html: {url} → add the held picture of the page to the record
  NOTICE_INFO: 'noticeInfo',         // notice.html: {mode} → {mode, verdict, lang} for the tab it sits in
  NOTICE_DISMISS: 'noticeDismiss',   // notice.html: don't show this notice on this site again
  NOTICE_CLOSE: 'noticeClose',       // notice.html: hide it on this page
  NOTICE_UNDISMISS: 'noticeUndismiss', // options: {host}: show warnings on this site again
  REMOTE_NOTICE: 'remoteNotice',     // remote-notice.html: {url} → which tool, stronger or not (issue 16)
  REMOTE_CONTINUE: 'remoteContinue', // remote-notice.html: {url, mode: 'once'|'never'}
  REMOTE_SETTINGS: 'remoteSettings', // popup/options: → the tool list and the notice settings
  SET_REMOTE_SETTINGS: 'setRemoteSettings', // popup/options: {off?, skip?}
  // from the service worker to a content script
  COLLECT: 'collect',                // → {page}
  RELEASE: 'release',                // give control back: leave full screen, stop audio, silence dialogs
  SHOW_NOTICE: 'showNotice',         // {mode}: put the in-tab notice on the top page
  HIDE_NOTICE: 'hideNotice',
  FRAMED_FORM: 'framedForm',         // a frame of this top page shows a sign-in form: the page is worth a check
  RECHECK: 'recheck',                // the helper is back: look at the page shape again (it was not judged)
  SHOWN_BIG: 'shownBig',             // to a frame: your parent draws you big enough to judge (CSS-scaled)
  TOP_SOUND: 'topSound',             // to the top frame: {name}: a frame of this page played it (FRAME_SOUND)
});

export const CONTENT_SCRIPT_MESSAGES = new Set([Msg.PAGE_CHECK, Msg.NOTICE_QUERY, Msg.NOTICE_FOUGHT, Msg.FORM_POST,
  Msg.FRAME_SHOWN, Msg.FRAME_SOUND]);
export const EXTENSION_PAGE_MESSAGES = new Set([
  Msg.CHECK_NAVIGATION, Msg.BLOCK_INFO, Msg.PROCEED, Msg.BACK_TO_SAFETY, Msg.TAB_STATE, Msg.CHECK_NOW,
  Msg.GET_SETTINGS, Msg.SET_SETTINGS, Msg.UNTRUST, Msg.RECORD_STATE, Msg.KEEP_SCREENSHOT,
  Msg.NOTICE_INFO, Msg.NOTICE_DISMISS, Msg.NOTICE_CLOSE, Msg.NOTICE_UNDISMISS,
  Msg.REMOTE_NOTICE, Msg.REMOTE_CONTINUE, Msg.REMOTE_SETTINGS, Msg.SET_REMOTE_SETTINGS,
]);

/** Which sender may send `message`: 'extension' pages (their URL is ours), 'content' scripts, or nobody. */
export function senderAllowed(message, sender, extensionOrigin) {
  if (!message || typeof message.what !== 'string') return false;
  const fromExtensionPage = typeof sender.url === 'string' && sender.url.startsWith(extensionOrigin)
    && sender.id !== undefined && !sender.origin?.startsWith('http');
  if (fromExtensionPage) return EXTENSION_PAGE_MESSAGES.has(message.what);
  const web = (url) => typeof url === 'string' && /^https?:/.test(url);
  // A frame drawn from about:srcdoc, data: or blob: has no web address of its own, but sits in a web tab; a tab
  // showing about:blank written by its opener, or a blob: page, has none either, but a web origin made it; nor
  // has a frame its opener wrote into such a tab (a full-window about:blank frame in an about:blank pop-up).
  const madeByWeb = (url) => /^(about|blob):/.test(String(url)) && web(sender.origin);
  const fromContent = sender.tab && (web(sender.url)
    || (sender.frameId > 0 && /^(about|data|blob):/.test(String(sender.url)) && (web(sender.tab.url) || madeByWeb(sender.tab.url)))
    || (sender.frameId === 0 && /^(about|blob):/.test(String(sender.url)) && web(sender.origin)));
  return Boolean(fromContent && CONTENT_SCRIPT_MESSAGES.has(message.what));
}
