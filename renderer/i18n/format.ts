/** Dates and fingerprints as a person reads them, in the current language. */

const cache = new Map<string, Intl.DateTimeFormat>();

function formatter(language: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${language}|${JSON.stringify(options)}`;
  let found = cache.get(key);
  if (!found) {
    found = new Intl.DateTimeFormat(language, options);
    cache.set(key, found);
  }
  return found;
}

export function formatDate(iso: string | null, language: string): string {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : formatter(language, { dateStyle: 'medium' }).format(date);
}

export function formatDateTime(iso: string | null, language: string): string {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : formatter(language, { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

/**
 * "AB:CD:EF:01:…" → ["ABCD", "EF01", …]: groups of four hex digits are what
 * two people compare over the phone without losing their place.
 */
export function fingerprintGroups(fingerprint: string): string[] {
  const hex = fingerprint.replace(/[^0-9a-fA-F]/g, '').toUpperCase();
  return hex.match(/.{1,4}/g) ?? [];
}
