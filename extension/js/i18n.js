// Translations for the extension pages. chrome.i18n follows the browser only; the user may override the
// language, so pages read _locales/<lang>/messages.json themselves (same format, $1..$9 substitutions).

export const LANGS = ['ja', 'en'];

export function pickLang(setting, browserLang) {
  if (LANGS.includes(setting)) return setting;
  return /^ja\b/i.test(browserLang ?? '') ? 'ja' : 'en';
}

export async function loadCatalog(lang) {
  const messages = await (await fetch(`_locales/${lang}/messages.json`)).json();
  const tr = (key, ...subs) => {
    const message = messages[key]?.message;
    if (message === undefined) return '';
    return message.replace(/\$([1-9])/g, (_, n) => String(subs[n - 1] ?? ''));
  };
  tr.lang = lang;
  tr.has = (key) => key in messages;
  return tr;
}

/** Fills every [data-i18n] element with textContent (never HTML). */
export function applyCatalog(root, tr) {
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = tr(el.dataset.i18n);
  for (const el of root.querySelectorAll('[data-i18n-title]')) el.title = tr(el.dataset.i18nTitle);
  root.documentElement.lang = tr.lang;
}
