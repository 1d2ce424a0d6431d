/**
 * The two revocation reasons. Their variable parts (why the status is unknown,
 * why a certificate was revoked) come in both languages as params (`why` and
 * `whyRu`, `reason` and `reasonRu`), so the renderer's existing template
 * mechanism shows a whole Russian sentence; `cause` is the stable code for scripts.
 */
import type { Reason } from '../../../app/schemas';
import { day, reason } from '../trust/reasons';
import type { RevocationReasonName } from './asn1-names';

const REVOCATION_REASONS: Readonly<Record<RevocationReasonName, [string, string]>> = {
  unspecified: ['no reason given', 'причина не указана'],
  keyCompromise: ['its key was compromised', 'ключ скомпрометирован'],
  cACompromise: ["its authority's key was compromised", 'скомпрометирован ключ центра'],
  affiliationChanged: ['the owner changed', 'сменился владелец'],
  superseded: ['it was replaced', 'заменён'],
  cessationOfOperation: ['the server is out of service', 'сервер выведен из работы'],
  certificateHold: ['it is on hold', 'действие приостановлено'],
  removeFromCRL: ['removed from the list', 'удалён из списка'],
  privilegeWithdrawn: ['its privileges were withdrawn', 'права отозваны'],
  aACompromise: ["its attribute authority's key was compromised", 'скомпрометирован ключ центра атрибутов'],
};

export type UnknownCause =
  | 'no-source'
  | 'issuer-missing'
  | 'responder-down'
  | 'responder-refused'
  | 'responder-unknown'
  | 'bad-response'
  | 'bad-signature'
  | 'stale'
  | 'crl-unreachable'
  | 'crl-expired'
  | 'crl-invalid';

const CAUSES: Readonly<Record<UnknownCause, [string, string]>> = {
  'no-source': [
    'there is no stapled OCSP answer, no current CRL on this device, and the certificate names no OCSP responder or CRL address',
    'нет ни OCSP-ответа от сервера, ни действующего списка отзыва на устройстве, а в сертификате не указаны ни OCSP-ответчик, ни адрес списка отзыва',
  ],
  'issuer-missing': ['the certificate of its issuer is not available to check against', 'нет сертификата его издателя, чтобы проверить ответ'],
  'responder-down': ['the OCSP responder {{url}} did not answer', 'OCSP-ответчик {{url}} не ответил'],
  'responder-refused': ['the OCSP responder {{url}} refused to answer', 'OCSP-ответчик {{url}} отказался отвечать'],
  'responder-unknown': ['the OCSP responder {{url}} does not know this certificate', 'OCSP-ответчику {{url}} этот сертификат неизвестен'],
  'bad-response': ['the OCSP answer from {{url}} could not be read', 'OCSP-ответ от {{url}} не удалось прочитать'],
  'bad-signature': [
    'the answer from {{url}} is not signed by the issuer or by an OCSP signer it authorized',
    'ответ от {{url}} подписан не издателем и не уполномоченным им OCSP-подписантом',
  ],
  stale: ['the answer from {{url}} is out of date', 'ответ от {{url}} устарел'],
  'crl-unreachable': ['the CRL at {{url}} could not be downloaded', 'список отзыва по адресу {{url}} не удалось загрузить'],
  'crl-expired': ['the CRL from {{url}} expired on {{date}}', 'срок действия списка отзыва из {{url}} истёк {{date}}'],
  'crl-invalid': ['the CRL from {{url}} is not valid for this certificate', 'список отзыва из {{url}} не подходит для этого сертификата'],
};

export interface UnknownDetail {
  cause: UnknownCause;
  /** Which source: an URL, or STAPLED, or a CRL on the device (then `issuer` names it). */
  url?: string;
  issuer?: string;
  date?: Date;
}

/** The source that is not an URL, as the sentence names it in each language. */
export const STAPLED = 'stapled';
export const ON_DEVICE = 'device';
const SOURCE_WORDS: Readonly<Record<string, [string, string]>> = {
  [STAPLED]: ['the server (stapled in the handshake)', 'сервера (вложенный в рукопожатие)'],
  [ON_DEVICE]: ['this device (the CRL of "{{issuer}}")', 'этого устройства (список отзыва «{{issuer}}»)'],
};

function fill(template: string, detail: UnknownDetail, language: 0 | 1): string {
  const named = detail.url === undefined ? undefined : SOURCE_WORDS[detail.url];
  const source = named ? named[language].replace('{{issuer}}', detail.issuer ?? '') : (detail.url ?? '');
  return template.replace('{{url}}', source).replace('{{date}}', detail.date ? day(detail.date) : '');
}

export function revokedReason(subject: string, date: Date, why: RevocationReasonName, source: string): Reason {
  const [en, ru] = REVOCATION_REASONS[why];
  return reason('revoked', { subject, date: day(date), reason: en, reasonRu: ru, reasonCode: why, source });
}

export function unknownReason(subject: string, detail: UnknownDetail): Reason {
  const [en, ru] = CAUSES[detail.cause];
  return reason('revocation-unknown', { subject, why: fill(en, detail, 0), whyRu: fill(ru, detail, 1), cause: detail.cause });
}
