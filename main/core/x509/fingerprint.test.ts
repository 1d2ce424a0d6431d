import { describe, expect, it } from 'vitest';
import { formatFingerprint, normaliseFingerprintQuery, sha1Fingerprint, sha256Fingerprint } from './fingerprint';

describe('fingerprints', () => {
  it('formats a hash as upper-case hex pairs joined by colons', () => {
    expect(formatFingerprint(Buffer.from([0xab, 0xcd, 0x01, 0x00]))).toBe('AB:CD:01:00');
    expect(formatFingerprint(Buffer.alloc(0))).toBe('');
  });

  it('hashes the DER with SHA-256 and SHA-1', () => {
    const der = Buffer.from('abc');
    expect(sha256Fingerprint(der)).toBe(
      'BA:78:16:BF:8F:01:CF:EA:41:41:40:DE:5D:AE:22:23:B0:03:61:A3:96:17:7A:9C:B4:10:FF:61:F2:00:15:AD',
    );
    expect(sha1Fingerprint(der)).toBe('A9:99:3E:36:47:06:81:6A:BA:3E:25:71:78:50:C2:6C:9C:D0:D8:9D');
  });

  it('normalises a typed fingerprint for prefix matching: no colons or spaces, upper case', () => {
    expect(normaliseFingerprintQuery('ab:cd ef\t01\n')).toBe('ABCDEF01');
    expect(normaliseFingerprintQuery('BA78:16bf')).toBe('BA7816BF');
  });
});
