// Small URL helpers shared by the service worker and the extension pages.

export function webUrl(value) {
  try {
    const url = new URL(String(value));
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : null;
  } catch { return null; }
}

export const hostOf = (value) => webUrl(value)?.hostname ?? null;
