import type { Purpose } from '../../app/purposes';

const TITLES: Record<Purpose, string> = {
  ksc: 'Management server',
  rdp: 'RDP servers',
  broker: 'Connection broker',
  logServer: 'Log server',
};

export function purposeTitle(purpose: Purpose): string {
  return `${TITLES[purpose]} (${purpose})`;
}
