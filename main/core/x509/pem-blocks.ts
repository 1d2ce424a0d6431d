/**
 * PEM blocks (RFC 7468) found in text. Markers are located in one linear
 * regex pass and paired in order, rather than with a BEGIN…END backreference
 * regex, whose backtracking is quadratic on a file of unmatched BEGIN lines.
 */
import { damagedPem } from './refusals';

export interface PemBlock {
  label: string;
  /** The text between the BEGIN and END lines. */
  body: string;
}

// RFC 7468 §3: a label is printable ASCII other than '-', spaces allowed inside.
const MARKER = /-----(BEGIN|END) ([\x21-\x2C\x2E-\x7E](?:[\x20-\x2C\x2E-\x7E]{0,78}[\x21-\x2C\x2E-\x7E])?)-----/g;

interface Marker {
  kind: 'BEGIN' | 'END';
  label: string;
  start: number;
  end: number;
}

export function pemLabels(text: string): Marker[] {
  const markers: Marker[] = [];
  for (const match of text.matchAll(MARKER)) {
    markers.push({
      kind: match[1] === 'BEGIN' ? 'BEGIN' : 'END',
      label: match[2] as string,
      start: match.index,
      end: match.index + match[0].length,
    });
  }
  return markers;
}

/** Pairs each BEGIN with the next marker, which must be its END. */
export function pairPemBlocks(text: string, markers: readonly Marker[]): PemBlock[] {
  const blocks: PemBlock[] = [];
  for (let i = 0; i < markers.length; i += 2) {
    const begin = markers[i] as Marker;
    const end = markers[i + 1];
    if (begin.kind === 'END') throw damagedPem(begin.label, 'its END line has no BEGIN line');
    if (end === undefined || end.kind !== 'END' || end.label !== begin.label) {
      throw damagedPem(begin.label, 'it has no END line, so the file may be cut short');
    }
    blocks.push({ label: begin.label, body: text.slice(begin.end, end.start) });
  }
  return blocks;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Strict base64: Buffer.from(…, 'base64') silently skips bad characters, which would hide damage. */
export function decodePemBody(block: PemBlock): Buffer {
  const compact = block.body.replace(/[\t\n\v\f\r ]+/g, '');
  if (compact.length === 0) throw damagedPem(block.label, 'it is empty');
  if (compact.length % 4 !== 0 || !BASE64.test(compact)) throw damagedPem(block.label, 'its base64 text is invalid');
  return Buffer.from(compact, 'base64');
}

/** RFC 7468 §2: a certificate as PEM, base64 lines of 64 characters; the DER as bytes or as base64. */
export function certificatePem(der: Buffer | string): string {
  const base64 = typeof der === 'string' ? der : der.toString('base64');
  return `-----BEGIN CERTIFICATE-----\n${(base64.match(/.{1,64}/g) ?? []).join('\n')}\n-----END CERTIFICATE-----\n`;
}
