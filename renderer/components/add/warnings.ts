import type { TFunction } from 'i18next';
import type { Certificate } from '../../../app/schemas';
import { formatDate } from '../../i18n/format';

export interface Warning {
  fingerprint: string;
  code: string;
  message: string;
}

/** A preview warning in the current language, rebuilt from the certificate it is about; unknown codes keep main's words. */
export function warningText(warning: Warning, certificate: Certificate | undefined, t: TFunction, language: string): string {
  switch (warning.code) {
    case 'expired':
      return certificate ? t('warning.expired', { date: formatDate(certificate.notAfter, language) }) : warning.message;
    case 'not-yet-valid':
      return certificate ? t('warning.notYetValid', { date: formatDate(certificate.notBefore, language) }) : warning.message;
    case 'expiring':
      return certificate ? t('warning.expiring', { count: certificate.daysLeft }) : warning.message;
    case 'anchor':
      return t('warning.anchor');
    case 'pinned':
      return t('warning.pinned');
    case 'already-present':
      return t('warning.alreadyPresent');
    default:
      return warning.message;
  }
}

/** The same warnings for a certificate fetched from a server, which main does not preview. */
export function warningsOf(certificate: Certificate): Warning[] {
  const at = (code: string): Warning => ({ fingerprint: certificate.fingerprint, code, message: code });
  const warnings: Warning[] = [];
  if (certificate.status === 'expired') warnings.push(at('expired'));
  else if (certificate.status === 'not-yet-valid') warnings.push(at('not-yet-valid'));
  else if (certificate.status === 'expiring') warnings.push(at('expiring'));
  warnings.push(at(certificate.isCA ? 'anchor' : 'pinned'));
  return warnings;
}
