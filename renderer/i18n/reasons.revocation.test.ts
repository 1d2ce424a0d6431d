/**
 * Issue 16 §2: the revocation reasons read as whole sentences in both
 * languages, with the words main chose (params as main sends them, see
 * main/core/revocation/reasons.ts) in the operator's language.
 */
import { describe, expect, it } from 'vitest';
import type { TFunction } from 'i18next';
import { reasonText } from './reasons';

const t = ((key: string) => key) as unknown as TFunction;

describe('revocation reasons in the kiosk', () => {
  it('says why the status is unknown in Russian, not in English inside a Russian sentence', () => {
    const reason = {
      code: 'revocation-unknown',
      message: 'ignored: the kiosk renders its own words',
      params: {
        subject: 'O=Corp, CN=rdp.corp.example',
        why: 'the OCSP responder http://ocsp.corp.example/ did not answer',
        whyRu: 'OCSP-ответчик http://ocsp.corp.example/ не ответил',
        cause: 'responder-down',
      },
    };
    expect(reasonText(reason, t, 'ru')).toBe('Неизвестно, отозван ли сертификат «O=Corp, CN=rdp.corp.example»: OCSP-ответчик http://ocsp.corp.example/ не ответил.');
    expect(reasonText(reason, t, 'en')).toBe('Whether the certificate "O=Corp, CN=rdp.corp.example" is revoked is unknown: the OCSP responder http://ocsp.corp.example/ did not answer.');
  });

  it('gives the revocation reason in words of each language', () => {
    const reason = {
      code: 'revoked',
      message: 'ignored',
      params: { subject: 'O=Corp, CN=rdp.corp.example', date: '2026-11-02', reason: 'its key was compromised', reasonRu: 'ключ скомпрометирован', reasonCode: 'keyCompromise', source: 'cached CRL' },
    };
    expect(reasonText(reason, t, 'ru')).toMatch(/^Сертификат «O=Corp, CN=rdp.corp.example» отозван .+ \(ключ скомпрометирован\)\.$/);
    expect(reasonText(reason, t, 'en')).toMatch(/^The certificate "O=Corp, CN=rdp.corp.example" was revoked on .+ \(its key was compromised\)\.$/);
  });
});
