import { useTranslation } from 'react-i18next';
import type { ManagementStatus } from '../../../app/schemas';
import { serverAddressText } from '../../../app/server-address';
import { formatDate } from '../../i18n/format';
import { Fingerprint } from '../Fingerprint';
import { FocusHeading } from '../FocusHeading';

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
            <dl className="facts">
              <div className="fact">
                <dt>{t('mgmt.replacement.contactName')}</dt>
                <dd>{contact.name}</dd>
              </div>
              <div className="fact">
                <dt>{t('mgmt.replacement.contactPhone')}</dt>
                <dd>
                  <span className="contact-phone">{contact.phone}</span>
                </dd>
              </div>
              <div className="fact">
                <dt>{t('mgmt.replacement.contactEmail')}</dt>
                <dd>{contact.email}</dd>
              </div>
            </dl>
          ) : (
            <p>{t('mgmt.replacement.noContact')}</p>
          )}
        </section>
      </div>
      <section className="panel" aria-labelledby="new-certificate-heading">
        <h3 id="new-certificate-heading">{t('mgmt.replacement.newCertificate', { server })}</h3>
        <dl className="facts compact">
          {pending ? (
            <>
              <div className="fact">
                <dt>{t('cert.subject')}</dt>
                <dd>{pending.subject}</dd>
              </div>
              <div className="fact">
                <dt>{t('cert.validity')}</dt>
                <dd>{t('cert.validRange', { from: formatDate(pending.notBefore, i18n.language), to: formatDate(pending.notAfter, i18n.language) })}</dd>
              </div>
            </>
          ) : null}
          <div className="fact">
            <dt>{t('cert.sha256')}</dt>
            <dd>{management.pendingFingerprint ? <Fingerprint value={management.pendingFingerprint} /> : '—'}</dd>
          </div>
        </dl>
      </section>
      <div className="actions replacement-actions">
        <button type="button" className="button" onClick={onNext}>
          {t('mgmt.replacement.next')}
        </button>
      </div>
    </div>
  );
}
