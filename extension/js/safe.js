// Where "back to safety" lands when the entry behind the interstitial is the scam page itself.
import {runtime, uiLanguage} from './ext.js';
import {applyCatalog, loadCatalog, pickLang} from './i18n.js';
import {Msg} from './messages.js';
import {helpRoute} from './verdict-view.js';

const settings = await runtime.send({what: Msg.GET_SETTINGS}).catch(() => null);
const tr = await loadCatalog(pickLang(settings?.lang, uiLanguage()));
applyCatalog(document, tr);
document.title = tr('safeHeadline');
document.getElementById('help').href = helpRoute(null, tr.lang).help_url;
document.getElementById('headline').focus();
