import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ThinCertError } from '../errors';
import { parseCertificates } from './parse';
import { CA_EXTENSIONS, OpenSsl } from './test-support/openssl';

let openssl: OpenSsl;
let samples: Buffer[];

/** The only acceptable outcomes: certificates, or a ThinCertError a person can read. */
function outcomeOf(bytes: Buffer): 'parsed' | 'refused' {
  try {
    parseCertificates(bytes);
    return 'parsed';
  } catch (error) {
    if (error instanceof ThinCertError) return 'refused';
    throw error;
  }
}

beforeAll(() => {
  openssl = new OpenSsl();
  const root = openssl.certificate('root', { subject: '/CN=Root', key: 'rsa:2048', extensions: CA_EXTENSIONS });
  const leaf = openssl.certificate('leaf', {
    subject: '/O=Example/CN=leaf',
    issuer: root,
    extensions: ['keyUsage=digitalSignature', 'extendedKeyUsage=serverAuth', 'subjectAltName=DNS:a.example,IP:::1,email:a@b'],
  });
  const ed = openssl.certificate('ed', { subject: '/CN=ed', key: 'ed25519' });
  openssl.write('chain.pem', Buffer.concat([leaf.pem, root.pem]));
  const p7b = openssl.run(['crl2pkcs7', '-nocrl', '-certfile', 'chain.pem', '-outform', 'DER']);
  samples = [root.der, leaf.der, ed.der, p7b, leaf.pem, openssl.read('chain.pem')];
});

afterAll(() => openssl.cleanup());

const mutation = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }) }),
);
type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

function mutate(original: Buffer, mutations: readonly Mutation[]): Buffer {
  let bytes = Buffer.from(original);
  for (const change of mutations) {
    const at = bytes.length === 0 ? 0 : change.at % bytes.length;
    if (change.kind === 'flip') bytes[at] = change.byte;
    else if (change.kind === 'cut') bytes = bytes.subarray(0, at);
    else bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from(change.bytes), bytes.subarray(at)]);
  }
  return bytes;
}

describe('no input makes parsing fail in any other way than a ThinCertError', () => {
  it('random bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 4096 }), (bytes) => void outcomeOf(Buffer.from(bytes))), { numRuns: 500 });
  });

  it('random bytes that look like DER (a SEQUENCE tag first)', () => {
    const der = fc.uint8Array({ minLength: 1, maxLength: 2048 }).map((bytes) => Buffer.concat([Buffer.from([0x30]), Buffer.from(bytes)]));
    fc.assert(fc.property(der, (bytes) => void outcomeOf(bytes)), { numRuns: 500 });
  });

  it('valid certificates, PKCS#7 and PEM with bytes changed, cut or inserted', () => {
    fc.assert(
      fc.property(fc.nat(), fc.array(mutation, { minLength: 1, maxLength: 4 }), (pick, mutations) => {
        const original = samples[pick % samples.length] as Buffer;
        void outcomeOf(mutate(original, mutations));
      }),
      { numRuns: 1500 },
    );
  });

  it('a valid certificate with one byte changed is refused or still parses, never crashes', () => {
    const leaf = samples[1] as Buffer;
    const outcomes = new Set<string>();
    for (let at = 0; at < leaf.length; at += 1) {
      for (const byte of [0x00, 0x7f, 0x80, 0xff]) {
        const changed = Buffer.from(leaf);
        changed[at] = byte;
        outcomes.add(outcomeOf(changed));
      }
    }
    expect(outcomes).toEqual(new Set(['parsed', 'refused']));
  });
});
