/**
 * subjectAltName entries as "DNS:x", "IP:10.0.0.5", "IP:::1", "email:…",
 * "URI:…", "DirName:…" — OpenSSL's prefixes, shortened ("IP" for "IP Address")
 * so an entry reads the same in the CLI and the kiosk. IPv6 addresses use the
 * RFC 5952 form, the one a person types.
 */
import { childrenOf, contentOf, elementIn, expectTag, hexOf, oidFromBytes, oidOf, TAG, type DerElement } from './der';
import { formatName } from './name';
import { damagedDer } from './refusals';

/** GeneralName CHOICE tags (RFC 5280 §4.2.1.6), all IMPLICIT except directoryName. */
const GENERAL_NAME = {
  otherName: 0xa0,
  rfc822Name: 0x81,
  dNSName: 0x82,
  x400Address: 0xa3,
  directoryName: 0xa4,
  ediPartyName: 0xa5,
  uri: 0x86,
  ipAddress: 0x87,
  registeredId: 0x88,
} as const;

export function formatGeneralNames(buf: Buffer, names: DerElement): string[] {
  expectTag(names, TAG.sequence, 'subjectAltName');
  return childrenOf(buf, names).map((name) => formatGeneralName(buf, name));
}

function formatGeneralName(buf: Buffer, name: DerElement): string {
  const bytes = contentOf(buf, name);
  switch (name.tag) {
    case GENERAL_NAME.rfc822Name:
      return `email:${bytes.toString('latin1')}`;
    case GENERAL_NAME.dNSName:
      return `DNS:${bytes.toString('latin1')}`;
    case GENERAL_NAME.uri:
      return `URI:${bytes.toString('latin1')}`;
    case GENERAL_NAME.ipAddress:
      return `IP:${formatIp(bytes)}`;
    case GENERAL_NAME.directoryName:
      return `DirName:${formatName(buf, elementIn(buf, name.contentStart, name.end))}`;
    case GENERAL_NAME.registeredId:
      return `RID:${oidFromBytes(bytes)}`;
    case GENERAL_NAME.otherName: {
      const [type] = childrenOf(buf, name);
      if (type === undefined) throw damagedDer('an otherName is malformed');
      return `othername:${oidOf(buf, type)}`;
    }
    case GENERAL_NAME.x400Address:
      return 'X400Name:<unsupported>';
    case GENERAL_NAME.ediPartyName:
      return 'EdiPartyName:<unsupported>';
    default:
      throw damagedDer('subjectAltName has an unknown kind of name');
  }
}

export function formatIp(bytes: Buffer): string {
  if (bytes.length === 4) return Array.from(bytes).join('.');
  if (bytes.length === 16) return formatIpv6(bytes);
  return `#${hexOf(bytes)}`;
}

/** RFC 5952 §4: lower-case, no leading zeros, the longest run (≥ 2) of zero groups as "::". */
function formatIpv6(bytes: Buffer): string {
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(bytes.readUInt16BE(i));
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i += 1;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j += 1;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = groups.map((group) => group.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}
