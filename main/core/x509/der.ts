/**
 * A minimal DER reader over a Buffer. Every certificate file passes through
 * `scanElement` before any real parser sees it: the walk is iterative (no
 * recursion a deep input could overflow), linear in the input, and bounded in
 * depth and element count (limits.ts), so a hostile 1 MiB input is refused in
 * milliseconds. Offsets into the one Buffer are used rather than forge.asn1's
 * binary strings and node objects, which would copy every certificate again.
 */
import { MAX_ASN1_DEPTH, MAX_ASN1_ELEMENTS } from './limits';
import { damagedDer, tooComplex } from './refusals';

export interface DerElement {
  readonly tag: number;
  /** Offset of the tag byte. */
  readonly start: number;
  readonly contentStart: number;
  /** Offset just past the content. */
  readonly end: number;
}

export const TAG = {
  boolean: 0x01,
  integer: 0x02,
  bitString: 0x03,
  octetString: 0x04,
  null: 0x05,
  oid: 0x06,
  utf8String: 0x0c,
  sequence: 0x30,
  set: 0x31,
  utcTime: 0x17,
  generalizedTime: 0x18,
} as const;

/** Context-specific tag number n, constructed (explicit tagging and IMPLICIT SEQUENCE/SET). */
export function contextTag(n: number): number {
  return 0xa0 | n;
}

export function isConstructed(element: DerElement): boolean {
  return (element.tag & 0x20) !== 0;
}

/** Reads one TLV header at `offset`; its content must end at or before `limit`. */
export function readElement(buf: Buffer, offset: number, limit: number): DerElement {
  if (offset + 2 > limit) throw damagedDer('it is cut short');
  const tag = buf[offset] as number;
  // High tag numbers never occur in certificates, keys or PKCS#7 envelopes.
  if ((tag & 0x1f) === 0x1f) throw damagedDer('it uses an ASN.1 tag no certificate uses');
  const first = buf[offset + 1] as number;
  let length: number;
  let contentStart: number;
  if (first < 0x80) {
    length = first;
    contentStart = offset + 2;
  } else {
    // 0x80 is BER's indefinite length, which DER forbids; more than 4 length
    // bytes cannot describe anything within the 1 MiB limit.
    const count = first & 0x7f;
    if (count === 0) throw damagedDer('it uses indefinite lengths, which DER forbids');
    if (count > 4) throw damagedDer('an ASN.1 length is out of range');
    contentStart = offset + 2 + count;
    if (contentStart > limit) throw damagedDer('it is cut short');
    length = 0;
    for (let i = offset + 2; i < contentStart; i += 1) length = length * 256 + (buf[i] as number);
  }
  const end = contentStart + length;
  if (end > limit) throw damagedDer('it is cut short');
  return { tag, start: offset, contentStart, end };
}

/**
 * Reads the element at `offset` and checks its whole tree: every nested
 * length must fit its container exactly, within the depth and count bounds.
 * Primitive contents (OCTET/BIT STRING) are not descended into.
 */
export function scanElement(buf: Buffer, offset = 0): DerElement {
  const top = readElement(buf, offset, buf.length);
  let count = 1;
  const parentEnds: number[] = [];
  let pos = top.contentStart;
  let end = top.end;
  if (!isConstructed(top)) return top;
  for (;;) {
    if (pos === end) {
      const parentEnd = parentEnds.pop();
      if (parentEnd === undefined) break;
      end = parentEnd;
      continue;
    }
    const element = readElement(buf, pos, end);
    count += 1;
    if (count > MAX_ASN1_ELEMENTS) throw tooComplex();
    if (isConstructed(element)) {
      if (parentEnds.length + 2 > MAX_ASN1_DEPTH) throw tooComplex();
      parentEnds.push(end);
      end = element.end;
      pos = element.contentStart;
    } else {
      pos = element.end;
    }
  }
  return top;
}

/** The direct children of a constructed element. */
export function childrenOf(buf: Buffer, parent: DerElement): DerElement[] {
  const children: DerElement[] = [];
  let pos = parent.contentStart;
  while (pos < parent.end) {
    const child = readElement(buf, pos, parent.end);
    children.push(child);
    pos = child.end;
    if (children.length > MAX_ASN1_ELEMENTS) throw tooComplex();
  }
  return children;
}

/** Reads the content of a primitive element as a nested element (extension values, key bits). */
export function elementIn(buf: Buffer, start: number, end: number): DerElement {
  const element = readElement(buf, start, end);
  if (element.end !== end) throw damagedDer('an inner value has extra bytes');
  return element;
}

export function contentOf(buf: Buffer, element: DerElement): Buffer {
  return buf.subarray(element.contentStart, element.end);
}

export function expectTag(element: DerElement | undefined, tag: number, what: string): DerElement {
  if (element === undefined || element.tag !== tag) throw damagedDer(`${what} is missing or malformed`);
  return element;
}

/** Dotted form of an OBJECT IDENTIFIER. BigInt because arcs may exceed 2^53. */
export function oidOf(buf: Buffer, element: DerElement): string {
  expectTag(element, TAG.oid, 'an object identifier');
  return oidFromBytes(contentOf(buf, element));
}

/** The content octets of an OID, also used for IMPLICIT-tagged ones (registeredID). */
export function oidFromBytes(bytes: Buffer): string {
  if (bytes.length === 0 || ((bytes[bytes.length - 1] as number) & 0x80) !== 0) {
    throw damagedDer('an object identifier is malformed');
  }
  const arcs: bigint[] = [];
  let value = 0n;
  for (const byte of bytes) {
    value = (value << 7n) | BigInt(byte & 0x7f);
    if ((byte & 0x80) === 0) {
      arcs.push(value);
      value = 0n;
    }
  }
  const first = arcs[0] as bigint;
  const head = first < 40n ? [0n, first] : first < 80n ? [1n, first - 40n] : [2n, first - 80n];
  return [...head, ...arcs.slice(1)].join('.');
}

export function hexOf(bytes: Buffer): string {
  return bytes.toString('hex').toUpperCase();
}
