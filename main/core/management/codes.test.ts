import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { codesEqual, confirmationCode, deviceAuth, formatCode, normaliseCode, replacementCode, truncate } from './codes';

interface Vectors {
  replacement: { deviceKeyHex: string; newFingerprintHex: string; confirmationCode: string; replacementCode: string }[];
  deviceAuth: { deviceKeyHex: string; deviceId: string; unixSeconds: number; auth: string }[];
}

const vectors = JSON.parse(readFileSync('/work/shared/design/protocol-vectors.json', 'utf8')) as Vectors;

describe('PROTOCOL.md vectors', () => {
  it.each(vectors.deviceAuth)('device auth for $deviceId at $unixSeconds', (vector) => {
    expect(deviceAuth(Buffer.from(vector.deviceKeyHex, 'hex'), vector.deviceId, vector.unixSeconds)).toBe(vector.auth);
  });

  it.each(vectors.replacement)('confirmation and replacement codes for F=$newFingerprintHex', (vector) => {
    const key = Buffer.from(vector.deviceKeyHex, 'hex');
    const fingerprint = Buffer.from(vector.newFingerprintHex, 'hex');
    expect(confirmationCode(key, fingerprint)).toBe(vector.confirmationCode);
    expect(replacementCode(key, fingerprint)).toBe(vector.replacementCode);
  });

  it('has at least the vectors the design promises', () => {
    expect(vectors.replacement.length).toBeGreaterThanOrEqual(4);
    expect(vectors.deviceAuth.length).toBeGreaterThanOrEqual(1);
  });
});

describe('RFC 4226 §5.3 truncation', () => {
  it('matches the RFC 4226 worked example offset rule with leading zeros kept', () => {
    const mac = Buffer.alloc(32, 0);
    mac[31] = 0x02; // offset 2
    mac.writeUInt32BE(0x80000005, 2); // top bit masked away → 5
    expect(truncate(mac)).toBe('00000005');
  });

  it('refuses a MAC that is not 32 bytes', () => {
    expect(() => truncate(Buffer.alloc(20))).toThrow(RangeError);
  });

  it('refuses a fingerprint that is not 32 bytes', () => {
    expect(() => confirmationCode(Buffer.alloc(32), Buffer.alloc(31))).toThrow(RangeError);
  });
});

describe('codes as people type them', () => {
  it('shows a code as 1234-5678', () => {
    expect(formatCode('12345678')).toBe('1234-5678');
  });

  it.each([
    ['1234-5678', '12345678'],
    ['1234 5678', '12345678'],
    [' 12 34-56 78 ', '12345678'],
    ['00000000', '00000000'],
  ])('accepts %j as %s', (input, digits) => {
    expect(normaliseCode(input)).toBe(digits);
  });

  it.each(['1234567', '123456789', '1234-567a', '', '１２３４５６７８', '1234_5678', '12345678\u0000'])('refuses %j', (input) => {
    expect(normaliseCode(input)).toBeNull();
  });

  it('compares equal and unequal codes', () => {
    expect(codesEqual('12345678', '12345678')).toBe(true);
    expect(codesEqual('12345678', '12345679')).toBe(false);
    expect(codesEqual('12345678', '1234567')).toBe(false);
  });
});
