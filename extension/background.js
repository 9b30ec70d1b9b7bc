// Imports and top-level listeners only (registered synchronously so a restarted worker hears the event
// that woke it). Tests wait for `globalThis.ready`.
import {listen} from './js/guard.js';

listen().then(() => { globalThis.ready = true; }, (error) => { console.error('ScamGuard failed to start', error); });
