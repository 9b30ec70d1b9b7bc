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
  tr.ordinal = (n) => ordinal(n, lang);
  tr.times = (n) => (lang === 'en' ? (n === 1 ? 'once' : `${n} times`) : `${n} 回`);
  return tr;
}

/** "2nd" in English; in Japanese the message itself says 2文字目, so the number alone. */
export function ordinal(n, lang) {
  if (lang !== 'en') return String(n);
  const tens = n % 100, ones = n % 10;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : ({1: 'st', 2: 'nd', 3: 'rd'}[ones] ?? 'th');
  return `${n}${suffix}`;
}

/** Fills every [data-i18n] element with textContent (never HTML). */
export function applyCatalog(root, tr) {
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = tr(el.dataset.i18n);
  for (const el of root.querySelectorAll('[data-i18n-title]')) el.title = tr(el.dataset.i18nTitle);
  root.documentElement.lang = tr.lang;
}
