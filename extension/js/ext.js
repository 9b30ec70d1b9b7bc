// The only module that touches chrome.*: everything else takes plain values and stays testable without a browser.

export const extensionUrl = (path = '') => chrome.runtime.getURL(path);
export const extensionId = () => chrome.runtime.id;
export const uiLanguage = () => chrome.i18n.getUILanguage();

export const local = {
  get: async (key, fallback) => (await chrome.storage.local.get(key))[key] ?? fallback,
  set: (key, value) => chrome.storage.local.set({[key]: value}),
  onChange: (fn) => chrome.storage.onChanged.addListener((changes, area) => { if (area === 'local') fn(changes); }),
};

// Session storage: survives a service-worker restart, never written to disk.
export const session = {
  get: async (key, fallback) => (await chrome.storage.session.get(key))[key] ?? fallback,
  getAll: () => chrome.storage.session.get(null),
  set: (key, value) => chrome.storage.session.set({[key]: value}),
  remove: (keys) => chrome.storage.session.remove(keys),
};

export const dnr = {
  dynamicRules: () => chrome.declarativeNetRequest.getDynamicRules(),
  sessionRules: () => chrome.declarativeNetRequest.getSessionRules(),
  updateDynamic: (removeRuleIds, addRules) => chrome.declarativeNetRequest.updateDynamicRules({removeRuleIds, addRules}),
  updateSession: (removeRuleIds, addRules) => chrome.declarativeNetRequest.updateSessionRules({removeRuleIds, addRules}),
};

export const tabs = {
  get: (tabId) => chrome.tabs.get(tabId).catch(() => null),
  activeTab: async () => (await chrome.tabs.query({active: true, lastFocusedWindow: true}))[0] ?? null,
  navigate: (tabId, url) => chrome.tabs.update(tabId, {url}),
  create: (url) => chrome.tabs.create({url}),
  send: (tabId, message, frameId = 0) => chrome.tabs.sendMessage(tabId, message, {frameId}).catch(() => null),
  all: () => chrome.tabs.query({}),
  sendAllFrames: (tabId, message) => chrome.tabs.sendMessage(tabId, message).catch(() => null),
  goBack: (tabId) => chrome.tabs.goBack(tabId),
  // Drops the page from memory without running it (the tab and its history stay): the tab's id afterwards.
  discard: (tabId) => chrome.tabs.discard(tabId).then((tab) => tab?.id ?? tabId, () => tabId),
  /** Whether the tab's committed address became `url` within `ms`. */
  committed: async (tabId, url, ms) => {
    for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 100))) {
      if ((await chrome.tabs.get(tabId).catch(() => null))?.url === url) return true;
    }
    return false;
  },
  onRemoved: (fn) => chrome.tabs.onRemoved.addListener(fn),
  // What the window shows now (needs host access to <all_urls>): the page the guard is about to stop.
  captureVisible: (windowId) => chrome.tabs.captureVisibleTab(windowId, {format: 'png'}).catch(() => null),
};

export const badge = {
  set: async (tabId, text, color, title) => {
    try {
      await chrome.action.setBadgeText({tabId, text});
      if (color) await chrome.action.setBadgeBackgroundColor({tabId, color});
      await chrome.action.setTitle({tabId, title});
    } catch { /* the tab is gone */ }
  },
};

export const navigation = {
  onBeforeNavigate: (fn) => chrome.webNavigation.onBeforeNavigate.addListener(fn),
  onCommitted: (fn) => chrome.webNavigation.onCommitted.addListener(fn),
};

export const runtime = {
  onMessage: (fn) => chrome.runtime.onMessage.addListener(fn),
  send: (message) => chrome.runtime.sendMessage(message),
  onInstalled: (fn) => chrome.runtime.onInstalled.addListener(fn),
  onStartup: (fn) => chrome.runtime.onStartup.addListener(fn),
  openOptions: () => chrome.runtime.openOptionsPage(),
  readPackaged: async (path) => (await fetch(chrome.runtime.getURL(path))).json(),
};

export const t = (key, subs) => chrome.i18n.getMessage(key, subs) || key;
