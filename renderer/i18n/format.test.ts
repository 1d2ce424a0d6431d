import { describe, expect, it } from 'vitest';
import { fingerprintGroups, formatDate } from './format';
import { certificateName } from '../components/certificateName';
import { parsePort } from '../stores/fields';

describe('fingerprintGroups', () => {
  it('reads a colon-separated SHA-256 as sixteen groups of four upper-case hex digits', () => {
    const fingerprint = Array.from({ length: 32 }, (_, i) => i.toString(16).padStart(2, '0')).join(':');
    const groups = fingerprintGroups(fingerprint);
    expect(groups).toHaveLength(16);
    expect(groups[0]).toBe('0001');
    expect(groups[15]).toBe('1E1F');
  });
});

describe('formatDate', () => {
  it('says the same day in the current language', () => {
    expect(formatDate('2026-11-25T10:00:00Z', 'en')).toBe('Nov 25, 2026');
    expect(formatDate('2026-11-25T10:00:00Z', 'ru')).toMatch(/^25 нояб\. 2026/);
  });

  it('shows a dash for a missing date and the text itself for an unreadable one', () => {
    expect(formatDate(null, 'en')).toBe('—');
    expect(formatDate('soon', 'en')).toBe('soon');
  });
});

describe('certificateName', () => {
  it('prefers the label, then the common name, then the whole subject', () => {
    expect(certificateName({ label: 'Broker A', subject: 'CN=b.example.org' })).toBe('Broker A');
    expect(certificateName({ label: null, subject: 'O=Example, CN=rdp1.example.org' })).toBe('rdp1.example.org');
    expect(certificateName({ label: null, subject: 'CN=Smith\\, John, O=Example' })).toBe('Smith, John');
    expect(certificateName({ label: null, subject: 'O=Example' })).toBe('O=Example');
  });
});

describe('parsePort', () => {
  it('takes 1 to 65535 and refuses anything else with a code the catalogue translates', () => {
    expect(parsePort(' 443 ')).toEqual({ port: 443, error: null });
    for (const bad of ['', '0', '65536', '44x', '-1', '1e3']) expect(parsePort(bad).error?.code, bad).toBe('port-invalid');
  });
});
