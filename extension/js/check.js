// The detour target of the declarativeNetRequest rules: the lookalike-shaped address has not been requested
// yet. Ask the service worker (which asks the helper) and either show the interstitial or continue, once.
// Kept small and fast: it sits between the user and every innocent name the broad patterns catch.
import {runtime, t, uiLanguage} from './ext.js';
import {Msg} from './messages.js';
import {webUrl} from './urls.js';
import {helpRoute} from './verdict-view.js';

// The rule writes the original URL raw after "?u=" (it may itself contain ? & #), so take the rest verbatim.
const raw = location.href.slice(location.href.indexOf('?u=') + 3);
const target = webUrl(raw);

// A worker that is starting up (or was just stopped) may miss the first message: ask a few times.
async function ask() {
  for (let attempt = 0; attempt < 4; attempt += 1) {
    const answer = await runtime.send({what: Msg.CHECK_NAVIGATION, url: target.href}).catch(() => null);
    if (answer?.action) return answer;
    await new Promise((resolve) => setTimeout(resolve, 500 * (attempt + 1)));
  }
  return null;
}

const pending = target ? ask() : Promise.resolve(null);
document.documentElement.lang = /^ja\b/i.test(uiLanguage()) ? 'ja' : 'en';
document.title = t('checkingTitle');
const status = document.getElementById('status');
status.textContent = t(target ? 'checkingText' : 'checkRefused');
document.getElementById('target').textContent = target ? target.hostname : '';

function follow(answer) {
  if (answer?.action === 'block') location.replace(answer.blocked);
  else if (answer?.action === 'continue') location.replace(target.href);
  else return false;
  return true;
}

// Issue 12: the helper is away. A lookalike-shaped address is not opened unchecked: say so, give the official
// route, and keep asking every second, so the address is judged within moments of the helper's return. The user
// may still open it, once, deliberately.
async function showUnchecked() {
  document.title = t('checkOfflineTitle');
  status.textContent = t('checkOfflineTitle');
  const box = document.getElementById('offline');
  for (const el of box.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  // The route of the site it imitates where the name says (a .jp name imitates amazon.co.jp), else by language.
  const imitates = /\.jp$/.test(target.hostname) ? 'ja' : /\.com$/.test(target.hostname) ? 'en' : document.documentElement.lang;
  document.getElementById('help').href = helpRoute(null, imitates).help_url;
  box.hidden = false;
  document.body.dataset.state = 'offline';
  document.getElementById('open-anyway').addEventListener('click', async () => {
    follow(await runtime.send({what: Msg.CHECK_NAVIGATION, url: target.href, unchecked: true}).catch(() => null));
  });
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const again = await runtime.send({what: Msg.CHECK_NAVIGATION, url: target.href}).catch(() => null);
    if (follow(again)) return;
  }
}

const answer = await pending;
if (!follow(answer)) {
  if (answer?.action === 'offline') await showUnchecked();
  else if (target) status.textContent = t('checkStuck');
}
