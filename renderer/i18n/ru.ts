import type { Messages } from './en';

/** Russian messages; plural keys follow CLDR (one, few, many, other). */
export const ru: Messages = {
  app: { title: 'ThinCert', subtitle: 'Сертификаты этого тонкого клиента', skipToContent: 'Перейти к содержимому' },
  language: { label: 'Язык', en: 'English', ru: 'Русский' },
  purpose: {
    ksc: { title: 'Сервер администрирования', description: 'Закреплённый сертификат сервера администрирования' },
    rdp: { title: 'Серверы RDP', description: 'Удалённые рабочие столы, к которым подключается устройство' },
    broker: { title: 'Брокер подключений', description: 'Брокер управляемых удалённых рабочих столов' },
    logServer: { title: 'Сервер журналов', description: 'Куда отправляются записи о безопасности' },
  },
  home: {
    heading: 'Сертификаты',
    count_one: '{{count}} сертификат',
    count_few: '{{count}} сертификата',
    count_many: '{{count}} сертификатов',
    count_other: '{{count}} сертификата',
    mode: 'Режим',
    managed: 'Управляется политикой',
    unmanaged: 'Без управления',
    management: 'Сервер администрирования',
    expiringHeading: 'Скоро истекают',
    noneExpiring: 'Ни один сертификат не истекает в ближайшее время.',
    loading: 'Загрузка…',
  },
  managementState: {
    'not-enrolled': 'Не подключён',
    ok: 'Подключён',
    'replacement-required': 'Требуется замена сертификата',
    unreachable: 'Недоступен',
    'no-device-key': 'Нет ключа устройства: подключите заново',
  },
  status: {
    valid: 'Действителен',
    expiring_one: 'Истекает через {{count}} день',
    expiring_few: 'Истекает через {{count}} дня',
    expiring_many: 'Истекает через {{count}} дней',
    expiring_other: 'Истекает через {{count}} дня',
    expired: 'Истёк',
    'not-yet-valid': 'Ещё не действителен',
  },
  common: { back: 'Назад', retry: 'Повторить', close: 'Закрыть', cancel: 'Отмена' },
  errors: { generic: 'Ошибка: {{message}}', disconnected: 'Связь с ThinCert потеряна.' },
};
