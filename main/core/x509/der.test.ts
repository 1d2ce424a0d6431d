import { describe, expect, it } from 'vitest';
import { ThinCertError } from '../errors';
import { oidFromBytes, scanElement } from './der';
import { formatIp } from './general-names';
import { MAX_ASN1_DEPTH } from './limits';

/** `depth` SEQUENCEs, each holding the next, innermost empty. */
function nested(depth: number): Buffer {
  let inner = Buffer.alloc(0);
  for (let i = 0; i < depth; i += 1) {
    const length = inner.length < 0x80 ? Buffer.from([inner.length]) : Buffer.from([0x82, inner.length >> 8, inner.length & 0xff]);
    inner = Buffer.concat([Buffer.from([0x30]), length, inner]);
  }
  return inner;
}

describe('scanElement', () => {
  it(`accepts nesting ${MAX_ASN1_DEPTH} deep and refuses one level more`, () => {
    expect(scanElement(nested(MAX_ASN1_DEPTH)).end).toBe(nested(MAX_ASN1_DEPTH).length);
    expect(() => scanElement(nested(MAX_ASN1_DEPTH + 1))).toThrow(expect.objectContaining({ code: 'too-complex' }));
  });

  it('refuses indefinite lengths, which DER forbids', () => {
    expect(() => scanElement(Buffer.from([0x30, 0x80, 0x00, 0x00]))).toThrow(ThinCertError);
  });

  it('refuses an inner element that runs past its container', () => {
    expect(() => scanElement(Buffer.from([0x30, 0x03, 0x04, 0x05, 0x00]))).toThrow(expect.objectContaining({ code: 'damaged-der' }));
  });
});

describe('object identifiers', () => {
  it('decodes multi-byte arcs, including ones beyond 2^53', () => {
    expect(oidFromBytes(Buffer.from('2a864886f70d01010b', 'hex'))).toBe('1.2.840.113549.1.1.11');
    expect(oidFromBytes(Buffer.from('8837', 'hex'))).toBe('2.999');
    expect(oidFromBytes(Buffer.from('2a81808080808080808001', 'hex'))).toBe('1.2.9223372036854775809');
  });
});

describe('IP addresses in subjectAltName', () => {
  const ip = (text: string): string => formatIp(Buffer.from(text, 'hex'));

  it('shows IPv4 dotted and IPv6 in RFC 5952 form', () => {
    expect(ip('0a000005')).toBe('10.0.0.5');
    expect(ip('00000000000000000000000000000001')).toBe('::1');
    expect(ip('00000000000000000000000000000000')).toBe('::');
    expect(ip('20010db8000000000001000000000001')).toBe('2001:db8::1:0:0:1');
    expect(ip('20010db8000100010001000100010001')).toBe('2001:db8:1:1:1:1:1:1');
    // A single zero group is not shortened (RFC 5952 §4.2.2).
    expect(ip('20010db8000000010001000100010001')).toBe('2001:db8:0:1:1:1:1:1');
    expect(ip('fe800000000000000000000000000000')).toBe('fe80::');
  });

  it('shows an address of another length as hex', () => {
    expect(ip('0a0000ffffff00')).toBe('#0A0000FFFFFF00');
  });
});
