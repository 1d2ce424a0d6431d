/**
 * The words for why a server could not be asked (a probe failure), in English
 * and Russian: one text whether it is said as a trust reason (Test connection,
 * app/reason-messages.ts) or as a refusal (Add from a server, errorCodes in
 * renderer/i18n). Plain data with no imports.
 */

export const PROBE_CODES = [
  'connection-refused',
  'timeout',
  'dns-failure',
  'network-unreachable',
  'connection-closed',
  'not-tls',
  'tls-alert',
  'tls-failed',
  'not-rdp',
  'rdp-standard-security-only',
  'rdp-negotiation-failed',
] as const;

export type ProbeCode = (typeof PROBE_CODES)[number];

type ProbeTemplates = Readonly<Record<ProbeCode, string>>;

const en: ProbeTemplates = {
  'connection-refused': '{{address}}:{{port}} refused the connection: nothing listens on that port.',
  timeout: '{{address}}:{{port}} did not answer within {{seconds}} s.',
  'dns-failure': 'The name {{address}} could not be resolved (DNS). Check the name and the network settings.',
  'network-unreachable': '{{address}} cannot be reached from this device (no route).',
  'connection-closed': '{{address}}:{{port}} closed the connection; it may not offer this service on that port.',
  'not-tls': '{{address}}:{{port}} answered, but not with TLS ({{detail}}); is this the right port?',
  'tls-alert': 'The server ended the TLS handshake with the alert "{{alert}}".',
  'tls-failed': 'The TLS handshake with {{address}}:{{port}} failed: {{detail}}.',
  'not-rdp': '{{address}}:{{port}} answered, but not with RDP (it began "{{sample}}"); is this the right port?',
  'rdp-standard-security-only':
    '{{address}}:{{port}} offers only standard RDP security, which has no certificate to check; enable TLS (security layer "negotiate" or "tls") on the server.',
  'rdp-negotiation-failed': '{{address}}:{{port}} refused the RDP security negotiation ({{failure}}).',
};

const ru: ProbeTemplates = {
  'connection-refused': '{{address}}:{{port}} отклонил подключение: на этом порту ничего не слушает.',
  timeout: '{{address}}:{{port}} не ответил за {{seconds}} с.',
  'dns-failure': 'Не удалось разрешить имя {{address}} (DNS). Проверьте имя и сетевые настройки.',
  'network-unreachable': '{{address}} недоступен с этого устройства (нет маршрута).',
  'connection-closed': '{{address}}:{{port}} закрыл соединение; возможно, на этом порту нет такой службы.',
  'not-tls': '{{address}}:{{port}} ответил, но не по TLS ({{detail}}); это правильный порт?',
  'tls-alert': 'Сервер прервал согласование TLS с сигналом «{{alert}}».',
  'tls-failed': 'Согласование TLS с {{address}}:{{port}} не удалось: {{detail}}.',
  'not-rdp': '{{address}}:{{port}} ответил, но не по RDP (ответ начинается с «{{sample}}»); это правильный порт?',
  'rdp-standard-security-only':
    '{{address}}:{{port}} поддерживает только стандартную защиту RDP, в которой нет сертификата для проверки; включите TLS на сервере (уровень безопасности «negotiate» или «tls»).',
  'rdp-negotiation-failed': '{{address}}:{{port}} отказал в согласовании защиты RDP ({{failure}}).',
};

export const probeMessages: Readonly<{ en: ProbeTemplates; ru: ProbeTemplates }> = { en, ru };
