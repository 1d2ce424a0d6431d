import { useTranslation } from 'react-i18next';
import type { ManagementStatus } from '../../../app/schemas';
import { serverAddressText } from '../../../app/server-address';
import { formatDate } from '../../i18n/format';
import { Fingerprint } from '../Fingerprint';
import { FocusHeading } from '../FocusHeading';
import { FactsList } from '../FactsList';

/** "1234-5678" → "1 2 3 4, 5 6 7 8": a screen reader reads digits one by one, as the administrator must hear them. */
function spokenDigits(code: string): string {
  return code
    .split('-')
    .map((group) => group.split('').join(' '))
    .join(', ');
}

interface Props {
  management: ManagementStatus;
  onNext(): void;
}

/** Window 1 of PROTOCOL.md §4: what the operator reads to the administrator, and whom to call. */
export function ReplacementRequired({ management, onNext }: Props) {
  // Main reads it from the device's own record, so it is there offline too; the renderer keeps no copy of it.
  const pending = management.pendingCertificate;
  const { t, i18n } = useTranslation();
  const code = management.confirmationCode;
  const contact = management.adminContact;
  const server = management.server ? serverAddressText(management.server) : '';
  return (
    <div className="replacement-body">
      <FocusHeading id="replacement-title" level={2}>
        {t('mgmt.replacement.requiredTitle')}
      </FocusHeading>
      <p className="replacement-explanation">{t('mgmt.replacement.explanation')}</p>
      <div className="replacement-columns">
        <section className="panel replacement-code-panel" aria-labelledby="confirmation-code-label">
          <h3 id="confirmation-code-label">{t('mgmt.replacement.codeLabel')}</h3>
          <p className="muted">{t('mgmt.replacement.step1')}</p>
          {code ? (
            <p className="confirmation-code" data-code={code}>
              <span aria-hidden="true">{code}</span>
              <span className="visually-hidden">{t('mgmt.replacement.codeSpoken', { digits: spokenDigits(code) })}</span>
            </p>
          ) : null}
        </section>
        <section className="panel" aria-labelledby="admin-contact-heading">
          <h3 id="admin-contact-heading">{t('mgmt.replacement.contactHeading')}</h3>
          {contact ? (
            <FactsList
              rows={[
                [t('mgmt.replacement.contactName'), contact.name],
                [t('mgmt.replacement.contactPhone'), <span key="phone" className="contact-phone">{contact.phone}</span>],
                [t('mgmt.replacement.contactEmail'), contact.email],
              ]}
            />
          ) : (
            <p>{t('mgmt.replacement.noContact')}</p>
          )}
        </section>
      </div>
      <section className="panel" aria-labelledby="new-certificate-heading">
        <h3 id="new-certificate-heading">{t('mgmt.replacement.newCertificate', { server })}</h3>
        <FactsList
          compact
          rows={[
            ...(pending
              ? ([
                  [t('cert.subject'), pending.subject],
                  [t('cert.validity'), t('cert.validRange', { from: formatDate(pending.notBefore, i18n.language), to: formatDate(pending.notAfter, i18n.language) })],
                ] as const)
              : []),
            [t('cert.sha256'), management.pendingFingerprint ? <Fingerprint key="fp" value={management.pendingFingerprint} /> : '—'],
          ]}
        />
      </section>
      <div className="actions replacement-actions">
        <button type="button" className="button" onClick={onNext}>
          {t('mgmt.replacement.next')}
        </button>
      </div>
    </div>
  );
}
