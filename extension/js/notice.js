// The in-tab notice (notice.html?mode=…), framed at the top of a page by content/notice-host.js. One page for
// every kind of notice: MODES says what each one shows; the service worker says which applies to this tab.
// Today: 'warn' (a page the helper judged suspicious but not a scam: the page keeps working).
import {runtime, uiLanguage} from './ext.js';
import {applyCatalog, loadCatalog, pickLang} from './i18n.js';
import {Msg} from './messages.js';
import {helpRoute} from './verdict-view.js';

const MODES = {
  warn: {
    headline: (tr, v) => (v?.brand?.genuine_domain ? tr('noticeWarnHeadline', v.brand.genuine_domain) : tr('noticeWarnHeadlineNoBrand')),
    body: (tr, v) => (v?.brand?.genuine_domain ? tr('noticeWarnText', v.brand.genuine_domain) : tr('noticeWarnTextNoBrand')),
    dismiss: 'noticeWarnDismiss',
  },
};

const mode = new URLSearchParams(location.search).get('mode');
const view = MODES[mode];
const info = view ? await runtime.send({what: Msg.NOTICE_INFO, mode}).catch(() => null) : null;
const tr = await loadCatalog(pickLang(info?.lang, uiLanguage()));
applyCatalog(document, tr);
if (view && info?.mode === mode) {
  document.getElementById('notice-headline').textContent = view.headline(tr, info.verdict);
  document.getElementById('notice-body').textContent = view.body(tr, info.verdict);
  document.getElementById('notice-help').href = helpRoute(info.verdict, tr.lang).help_url;
  document.getElementById('notice-dismiss').textContent = tr(view.dismiss);
}

// Against clickjacking: "don't warn me on this site" counts only while the notice is really visible (not
// covered, not made transparent by the page around it). IntersectionObserver v2 knows that across frames.
const dismiss = document.getElementById('notice-dismiss');
let visible = !('IntersectionObserver' in window);
try {
  new IntersectionObserver((entries) => { visible = entries.at(-1).isVisible ?? true; },
                           {trackVisibility: true, delay: 100}).observe(dismiss);
} catch { visible = true; }

dismiss.addEventListener('click', () => {
  if (!visible) return;
  runtime.send({what: Msg.NOTICE_DISMISS, mode}).catch(() => null);
});
document.getElementById('notice-close').addEventListener('click', () => {
  runtime.send({what: Msg.NOTICE_CLOSE}).catch(() => null);
});
document.body.dataset.ready = String(Boolean(view && info?.mode === mode));
