// The detour target of the declarativeNetRequest rules: the lookalike-shaped address has not been requested
// yet. Ask the service worker (which asks the helper) and either show the interstitial or continue, once.
// Kept small and fast: it sits between the user and every innocent name the broad patterns catch.
import {runtime, t, uiLanguage} from './ext.js';
import {Msg} from './messages.js';
import {webUrl} from './urls.js';

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

const answer = await pending;
if (answer?.action === 'block') location.replace(answer.blocked);
else if (answer?.action === 'continue') location.replace(target.href);
else if (target) status.textContent = t('checkStuck');
