/**
 * The words for every trust and probe reason code, in English and Russian,
 * with {{param}} placeholders filled from Reason.params. Plain data (the
 * probe failures' words come from probe-messages.ts, which errors share), so
 * the renderer can import the very same templates (STYLE.md: one source of
 * truth per fact; every user-visible string in both languages).
 */
import { PROBE_CODES, probeMessages } from './probe-messages';

export const REASON_CODES = [
  // The server could not be asked (probes).
  ...PROBE_CODES,
  // The server answered; why its certificate is not trusted.
  'no-certificate',
  'unreadable-certificate',
  'nothing-stored',
  'clock-wrong',
  'expired',
  'not-yet-valid',
  'issuer-expired',
  'issuer-not-yet-valid',
  'name-mismatch',
  'unknown-issuer',
  'self-signed',
  'incomplete-chain',
  'issuer-not-ca',
  'name-constraints-violated',
  'weak-key',
  'unknown-curve',
  'weak-signature',
  'wrong-extended-key-usage',
  // Issue 16 §2: revocation (params.cause is the stable code of why the status is unknown).
  'revoked',
  'revocation-unknown',
  'pin-expired',
  'pin-not-yet-valid',
  'pin-mismatch',
  'anchor-other-purpose',
  'pin-other-purpose',
  // Issue 16 §3: the distrust list, anchors limited to names, the trust level.
  'distrusted',
  'anchor-not-for-name',
  'anchors-not-allowed',
  'pins-not-allowed',
  'openssl-rejected',
] as const;

export type ReasonCode = (typeof REASON_CODES)[number];

export type ReasonTemplates = Readonly<Record<ReasonCode, string>>;

const en: ReasonTemplates = {
  ...probeMessages.en,
  'no-certificate': 'The server presented no certificate.',
  'unreadable-certificate': 'The server presented a certificate ThinCert cannot read: {{detail}}',
  'nothing-stored': 'No certificate is stored for {{purpose}}: add the server\'s certificate or its CA first.',
  'clock-wrong':
    'The device clock is wrong: it shows {{now}}, earlier than this software was built ({{buildDate}}). Set the date and time, then check again.',
  expired: 'The server\'s certificate expired on {{date}}.',
  'not-yet-valid': 'The server\'s certificate is not valid before {{date}}.',
  'issuer-expired': 'The issuing certificate "{{subject}}" expired on {{date}}.',
  'issuer-not-yet-valid': 'The issuing certificate "{{subject}}" is not valid before {{date}}.',
  'name-mismatch': 'The certificate is not for {{host}}; it names: {{names}}.',
  'unknown-issuer':
    'The chain leads to the authority "{{issuer}}", whose certificate is not stored for {{purpose}}; add it to trust this server.',
  'self-signed': 'The server\'s certificate is self-signed ("{{subject}}") and is not stored for {{purpose}}.',
  'incomplete-chain':
    'The server did not send the certificate of its issuer "{{issuer}}", and it is not stored for {{purpose}} (incomplete chain).',
  'issuer-not-ca': 'The certificate "{{subject}}" signed another certificate but is not a certificate authority.',
  'name-constraints-violated': 'The name {{name}} is outside what the authority "{{issuer}}" may certify.',
  'weak-key': 'The certificate "{{subject}}" has a {{keyType}} key of {{bits}} bits, which is too weak.',
  'unknown-curve': 'The certificate "{{subject}}" uses the unknown elliptic curve {{curve}}.',
  'weak-signature': 'The certificate "{{subject}}" is signed with {{algorithm}}, which is no longer safe.',
  'wrong-extended-key-usage':
    'The server\'s certificate is not meant for servers: it allows only {{usages}}, not serverAuth.',
  revoked: 'The certificate "{{subject}}" was revoked on {{date}} ({{reason}}).',
  'revocation-unknown': 'Whether the certificate "{{subject}}" is revoked is unknown: {{why}}.',
  'pin-expired': 'The stored server certificate expired on {{date}}; the server must be given a new one.',
  'pin-not-yet-valid': 'The stored server certificate is not valid before {{date}}.',
  'pin-mismatch':
    'The server presented a different certificate than the one stored: stored SHA-256 {{stored}}, presented {{presented}}.',
  'anchor-other-purpose':
    'The authority "{{subject}}" is stored, but only for {{purposes}}; add it for {{purpose}} to trust this server.',
  'pin-other-purpose':
    'This server certificate is stored, but only for {{purposes}}; add it for {{purpose}} to trust this server.',
  distrusted: 'The certificate "{{subject}}" (SHA-256 {{fingerprint}}) is on the distrust list: it is never trusted.',
  'anchor-not-for-name':
    'The authority "{{anchor}}" is trusted only for {{allowed}}, not for {{name}}.',
  'anchors-not-allowed':
    'Only pinned server certificates count for {{purpose}} (trust level pins-only); the authority "{{anchor}}" is not enough.',
  'pins-not-allowed':
    'Only certificates issued by a stored authority count for {{purpose}} (trust level anchors-only); the pinned certificate is not enough.',
  'openssl-rejected': 'OpenSSL rejected the certificate chain: {{error}}.',
};

const ru: ReasonTemplates = {
  ...probeMessages.ru,
  'no-certificate': 'Сервер не предъявил сертификат.',
  'unreadable-certificate': 'Сервер предъявил сертификат, который ThinCert не может прочитать: {{detail}}',
  'nothing-stored': 'Для назначения {{purpose}} не сохранено ни одного сертификата: сначала добавьте сертификат сервера или его УЦ.',
  'clock-wrong':
    'Часы устройства идут неверно: они показывают {{now}}, раньше даты сборки программы ({{buildDate}}). Установите дату и время и повторите проверку.',
  expired: 'Срок действия сертификата сервера истёк {{date}}.',
  'not-yet-valid': 'Сертификат сервера действует только с {{date}}.',
  'issuer-expired': 'Срок действия сертификата издателя «{{subject}}» истёк {{date}}.',
  'issuer-not-yet-valid': 'Сертификат издателя «{{subject}}» действует только с {{date}}.',
  'name-mismatch': 'Сертификат выдан не для {{host}}; в нём указаны: {{names}}.',
  'unknown-issuer':
    'Цепочка ведёт к центру «{{issuer}}», сертификат которого не сохранён для назначения {{purpose}}; добавьте его, чтобы доверять этому серверу.',
  'self-signed': 'Сертификат сервера самоподписанный («{{subject}}») и не сохранён для назначения {{purpose}}.',
  'incomplete-chain':
    'Сервер не передал сертификат своего издателя «{{issuer}}», и он не сохранён для назначения {{purpose}} (неполная цепочка).',
  'issuer-not-ca': 'Сертификат «{{subject}}» подписал другой сертификат, но не является удостоверяющим центром.',
  'name-constraints-violated': 'Имя {{name}} выходит за пределы того, что может заверять центр «{{issuer}}».',
  'weak-key': 'У сертификата «{{subject}}» ключ {{keyType}} длиной {{bits}} бит — это слишком слабо.',
  'unknown-curve': 'Сертификат «{{subject}}» использует неизвестную эллиптическую кривую {{curve}}.',
  'weak-signature': 'Сертификат «{{subject}}» подписан алгоритмом {{algorithm}}, который больше не безопасен.',
  'wrong-extended-key-usage':
    'Сертификат сервера не предназначен для серверов: он разрешает только {{usages}}, но не serverAuth.',
  revoked: 'Сертификат «{{subject}}» отозван {{date}} ({{reason}}).',
  'revocation-unknown': 'Неизвестно, отозван ли сертификат «{{subject}}»: {{why}}.',
  'pin-expired': 'Срок действия сохранённого сертификата сервера истёк {{date}}; серверу нужен новый сертификат.',
  'pin-not-yet-valid': 'Сохранённый сертификат сервера действует только с {{date}}.',
  'pin-mismatch':
    'Сервер предъявил не тот сертификат, что сохранён: сохранённый SHA-256 {{stored}}, предъявленный {{presented}}.',
  'anchor-other-purpose':
    'Центр «{{subject}}» сохранён, но только для назначения {{purposes}}; добавьте его для {{purpose}}, чтобы доверять этому серверу.',
  'pin-other-purpose':
    'Этот сертификат сервера сохранён, но только для назначения {{purposes}}; добавьте его для {{purpose}}, чтобы доверять этому серверу.',
  distrusted: 'Сертификат «{{subject}}» (SHA-256 {{fingerprint}}) в списке недоверенных: ему не доверяют никогда.',
  'anchor-not-for-name':
    'Центру «{{anchor}}» доверяют только для {{allowed}}, но не для {{name}}.',
  'anchors-not-allowed':
    'Для назначения {{purpose}} учитываются только закреплённые сертификаты серверов (уровень доверия pins-only); центра «{{anchor}}» недостаточно.',
  'pins-not-allowed':
    'Для назначения {{purpose}} учитываются только сертификаты, выданные сохранённым центром (уровень доверия anchors-only); закреплённого сертификата недостаточно.',
  'openssl-rejected': 'OpenSSL отклонил цепочку сертификатов: {{error}}.',
};

export const reasonMessages: Readonly<{ en: ReasonTemplates; ru: ReasonTemplates }> = { en, ru };

/** Fills {{param}} placeholders; a missing param stays visible rather than becoming "undefined". */
export function renderReason(template: string, params: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : String(value);
  });
}
