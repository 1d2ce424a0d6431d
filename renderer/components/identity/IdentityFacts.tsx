import { useTranslation } from 'react-i18next';
import type { IdentityView } from '../../../app/identity';
import { formatDate, formatDateTime } from '../../i18n/format';
import { useErrorText } from '../ErrorMessage';
import { FactsList, type Fact } from '../FactsList';
import { Fingerprint } from '../Fingerprint';
import { IdentityBadge } from './IdentityBadge';

/** What the device's certificate is and when it is renewed, as CLI's `identity show` says it, in the current language. */
export function IdentityFacts({ view }: { view: IdentityView }) {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const language = i18n.language;
  const cert = view.certificate;
  // The badge says the state in words; the screen explains any state but valid above this list.
  const rows: Fact[] = [[t('identity.stateLabel'), <IdentityBadge key="s" view={view} />]];
  if (cert) {
    const left = view.daysLeft === null ? '' : view.daysLeft < 0 || view.state === 'expired' ? t('identity.expiredAgo') : t('identity.daysLeft', { count: view.daysLeft });
    rows.push(
      [t('identity.subject'), cert.subject],
      [t('identity.issuer'), cert.issuer],
      [
        t('identity.validity'),
        `${t('identity.validRange', { from: formatDateTime(cert.notBefore, language), to: formatDateTime(cert.notAfter, language) })}${left ? ` (${left})` : ''}`,
      ],
      [t('identity.renewAt'), view.renewAt ? formatDate(view.renewAt, language) : view.source === 'pkcs12' ? t('identity.renewNever') : '—'],
      [t('identity.source'), view.source === 'scep' ? t('identity.sourceScep') : view.source === 'pkcs12' ? t('identity.sourcePkcs12') : '—'],
    );
    if (view.scepUrl) rows.push([t('identity.scepUrl'), <span key="u" className="wrap">{view.scepUrl}</span>]);
    rows.push([t('identity.serial'), <code key="n" className="wrap">{cert.serial}</code>], [t('identity.fingerprint'), <Fingerprint key="f" value={cert.fingerprint} />]);
  }
  const { lastError } = view;
  if (lastError) {
    // A failure recorded before lastError had params: main's own words where the catalogue's need parameters.
    const unfilled = lastError.params === undefined && i18n.exists(`errorCodes.${lastError.code}`) && t(`errorCodes.${lastError.code}`).includes('{{');
    const message = unfilled ? lastError.message : errorText(lastError);
    rows.push([t('identity.lastError'), t('identity.lastErrorAt', { message, time: formatDateTime(lastError.at, language) })]);
  }
  return <FactsList rows={rows} />;
}
