/** subjectHash equals `openssl x509 -hash` for names that exercise every canonicalisation rule. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { X509Certificate } from 'node:crypto';
import { openssl } from '../../../test/peers/openssl-cli';
import { subjectHash } from './subject-hash';

let dir: string;
let key: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'thincert-subject-hash-'));
  key = path.join(dir, 'key.pem');
  openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', key]);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `string_mask` picks the string types openssl writes: PrintableString/T61String/BMPString, or UTF8String only. */
function certificate(subject: string, stringMask: 'utf8only' | 'default' | 'pkix' | 'nombstr', n: number): Buffer {
  const config = path.join(dir, `req-${n}.cnf`);
  writeFileSync(config, `[req]\ndistinguished_name = dn\nstring_mask = ${stringMask}\nutf8 = yes\n[dn]\n`);
  const out = path.join(dir, `cert-${n}.pem`);
  openssl(['req', '-x509', '-new', '-key', key, '-config', config, '-utf8', '-multivalue-rdn', '-subj', subject, '-days', '2', '-out', out]);
  return new X509Certificate(readFileSync(out)).raw;
}

function opensslHash(der: Buffer): string {
  const file = path.join(dir, 'hash-input.der');
  writeFileSync(file, der);
  return openssl(['x509', '-inform', 'DER', '-in', file, '-noout', '-hash']).trim();
}

const SUBJECTS = [
  '/CN=rdp.example.org',
  '/CN=  Mixed   CASE\tName  /O=Example  Org',
  '/C=RU/ST=Moscow/L=Москва/O=ООО «Пример»/OU=ИТ Отдел/CN=Сервер RDP',
  '/CN=Ünïcödé Ä/emailAddress=Admin@Example.ORG',
  '/CN=multi+OU=Valued RDN/O=X',
  '/DC=org/DC=Example/CN=Z',
  '/serialNumber=00123/CN=a',
  // One RDN longer than 127 bytes: DER's long length form.
  `/CN=${'L'.repeat(30)}  ${'o'.repeat(30)}+OU=${'Q'.repeat(60)}+O=${'w'.repeat(60)}`,
];

describe('subjectHash', () => {
  let n = 0;
  for (const mask of ['utf8only', 'default', 'pkix', 'nombstr'] as const) {
    // nombstr has no string type for Cyrillic: openssl refuses to write such a name.
    for (const subject of SUBJECTS.filter((s) => mask !== 'nombstr' || !/[Ѐ-ӿ]/.test(s))) {
      it(`matches openssl x509 -hash for ${subject.slice(0, 40)} (${mask})`, () => {
        const der = certificate(subject, mask, n++);
        expect(subjectHash(der)).toBe(opensslHash(der));
      });
    }
  }
});
