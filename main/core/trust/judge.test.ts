/** The trust rules on chains without a network: wrong clock, the Node-20 partial-chain fallback, catalogue. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stored } from '../../../test/peers/stored';
import { createTestPki, type TestPki } from '../../../test/peers/test-pki';
import { judgeChain } from './judge';
import { REASON_CODES, reasonMessages } from '../../../app/reason-messages';

let pki: TestPki;
beforeAll(() => {
  pki = createTestPki();
});
afterAll(() => pki?.cleanup());

const authorized = { authorized: true, error: null, partialChain: true };

describe('judgeChain', () => {
  it('says clock-wrong, not "not yet valid", when the device clock shows 1970', () => {
    const judgement = judgeChain({
      purpose: 'broker',
      host: 'valid.test',
      chain: [pki.valid.der, pki.intermediate.der],
      stored: [stored(pki.rootRsa, ['broker'])],
      verdict: authorized,
      now: new Date('1970-01-01T00:00:10Z'),
    });
    expect(judgement.trusted).toBe(false);
    expect(judgement.reasons.map((r) => r.code)).toEqual(['clock-wrong']);
    expect(judgement.reasons[0]?.message).toContain('1970-01-01');
  });

  it('does not trust a pinned leaf while the clock is wrong, and says why', () => {
    const judgement = judgeChain({
      purpose: 'ksc',
      host: 'self.test',
      chain: [pki.selfSigned.der],
      stored: [stored(pki.selfSigned, ['ksc'])],
      verdict: null,
      now: new Date('1970-01-01T00:00:10Z'),
    });
    expect(judgement.reasons.map((r) => r.code)).toEqual(['clock-wrong', 'self-signed']);
  });

  it('accepts an intermediate anchor on a Node without partial-chain support by its own signature walk', () => {
    const judgement = judgeChain({
      purpose: 'broker',
      host: 'valid.test',
      chain: [pki.valid.der, pki.intermediate.der],
      stored: [stored(pki.intermediate, ['broker'])],
      verdict: { authorized: false, error: 'UNABLE_TO_GET_ISSUER_CERT', partialChain: false },
      now: new Date(),
    });
    expect(judgement).toEqual({ trusted: true, by: 'anchor', reasons: [] });
  });

  it('never trusts by anchor against OpenSSL\'s verdict on an error it does not explain', () => {
    const judgement = judgeChain({
      purpose: 'broker',
      host: 'valid.test',
      chain: [pki.valid.der, pki.intermediate.der],
      stored: [stored(pki.rootRsa, ['broker'])],
      verdict: { authorized: false, error: 'CERT_SIGNATURE_FAILURE', partialChain: true },
      now: new Date(),
    });
    expect(judgement.reasons.map((r) => r.code)).toEqual(['openssl-rejected']);
  });

  it('has an English and a Russian template for every reason code, with the same placeholders', () => {
    for (const code of REASON_CODES) {
      const placeholders = (t: string) => [...t.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
      expect(placeholders(reasonMessages.ru[code]), code).toEqual(placeholders(reasonMessages.en[code]));
    }
  });
});
