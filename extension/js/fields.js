// The kinds of form field the collector names (content/collect.js fieldKind) that ask for a secret: what a warned
// page may not ask for (guard.js), and what makes a page of pictures worth reading (screen-check.js).
export const SECRETS = new Set(['password', 'card_number', 'card_expiry', 'card_cvc', 'otp']);
