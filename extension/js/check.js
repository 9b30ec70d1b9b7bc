// The detour target of the declarativeNetRequest rules: the lookalike-shaped address has not been requested
// yet. Ask the service worker (which asks the helper) and either show the interstitial or continue, once.
import {runtime, uiLanguage} from './ext.js';
import {loadCatalog, pickLang} from './i18n.js';
import {Msg} from './messages.js';
import {webUrl} from './urls.js';

// The rule writes the original URL raw after "?u=" (it may itself contain ? & #), so take the rest verbatim.
const raw = location.href.slice(location.href.indexOf('?u=') + 3);
const target = webUrl(raw);

const tr = await loadCatalog(pickLang(null, uiLanguage()));
document.documentElement.lang = tr.lang;
document.title = tr('checkingTitle');
const status = document.getElementById('status');
status.textContent = tr(target ? 'checkingText' : 'checkRefused');
document.getElementById('target').textContent = target ? target.hostname : '';

// A worker that is starting up (or was just stopped) may miss the first message: ask a few times.
async function ask() {
  for (let attempt = 0; attempt < 4; attempt += 1) {
    const answer = await runtime.send({what: Msg.CHECK_NAVIGATION, url: target.href}).catch(() => null);
    if (answer?.action) return answer;
    await new Promise((resolve) => setTimeout(resolve, 500 * (attempt + 1)));
  }
  return null;
}

if (target) {
  const answer = await ask();
  if (answer?.action === 'block') location.replace(answer.blocked);
  else if (answer?.action === 'continue') location.replace(target.href);
  else status.textContent = tr('checkStuck');
}
