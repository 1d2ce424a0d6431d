/** English messages. Keys are shared with ru.ts; a test checks both have the same keys. */
export const en = {
  app: { title: 'ThinCert', subtitle: 'Certificates of this thin client', skipToContent: 'Skip to content' },
  language: { label: 'Language', en: 'English', ru: 'Русский' },
  purpose: {
    ksc: { title: 'Management server', description: 'Pinned certificate of the management server' },
    rdp: { title: 'RDP servers', description: 'Remote desktops this device connects to' },
    broker: { title: 'Connection broker', description: 'Broker of managed remote desktops' },
    logServer: { title: 'Log server', description: 'Where security records are sent' },
  },
  home: {
    heading: 'Certificates',
    count_one: '{{count}} certificate',
    count_few: '{{count}} certificates',
    count_many: '{{count}} certificates',
    count_other: '{{count}} certificates',
    mode: 'Mode',
    managed: 'Managed by policy',
    unmanaged: 'Not managed',
    management: 'Management server',
    expiringHeading: 'Expiring soonest',
    noneExpiring: 'No certificate expires within the warning period.',
    loading: 'Loading…',
  },
  managementState: {
    'not-enrolled': 'Not enrolled',
    ok: 'Connected',
    'replacement-required': 'Certificate replacement required',
    unreachable: 'Unreachable',
    'no-device-key': 'Device key missing: enroll again',
  },
  status: {
    valid: 'Valid',
    expiring_one: 'Expires in {{count}} day',
    expiring_few: 'Expires in {{count}} days',
    expiring_many: 'Expires in {{count}} days',
    expiring_other: 'Expires in {{count}} days',
    expired: 'Expired',
    'not-yet-valid': 'Not yet valid',
  },
  common: { back: 'Back', retry: 'Retry', close: 'Close', cancel: 'Cancel' },
  errors: { generic: 'Something went wrong: {{message}}', disconnected: 'The connection to ThinCert was lost.' },
};

export type Messages = typeof en;
