import { useTranslation } from 'react-i18next';
import type { ManagementStatus } from '../../app/schemas';
import { serverAddressText } from '../../app/server-address';
import { formatDateTime } from '../i18n/format';
import { useEnrollment } from '../stores/management';
import { useStatusStore } from '../stores/status';
import { CertificateSummary } from '../components/CertificateFacts';
import { FactsList, type Fact } from '../components/FactsList';
import { Fingerprint } from '../components/Fingerprint';
import { FocusHeading } from '../components/FocusHeading';
import { ErrorMessage } from '../components/ErrorMessage';
import { ScreenHeading } from '../components/ScreenHeading';
import { ServerAddressForm } from '../components/ServerAddressForm';

function Enrolled({ management }: { management: ManagementStatus }) {
  const { t, i18n } = useTranslation();
  const busy = useEnrollment((s) => s.busy);
  const enrolledNow = useEnrollment((s) => s.enrolledNow);
  const syncedAt = useEnrollment((s) => s.syncedAt);
  const sync = useEnrollment((s) => s.sync);
  const none = t('mgmt.enroll.none');
  const rows: Fact[] = [
    [t('mgmt.enroll.state'), t(`managementState.${management.state}`)],
    [t('mgmt.enroll.server'), management.server ? serverAddressText(management.server) : none],
    [t('mgmt.enroll.deviceId'), management.deviceId ?? none],
    [t('mgmt.enroll.pinned'), management.pinnedFingerprint ? <Fingerprint value={management.pinnedFingerprint} /> : none],
    [t('mgmt.enroll.lastSync'), formatDateTime(management.lastSync, i18n.language)],
    [t('mgmt.enroll.revision'), management.policyRevision === null ? none : String(management.policyRevision)],
    [t('mgmt.enroll.admin'), management.adminContact ? `${management.adminContact.name}, ${management.adminContact.phone}, ${management.adminContact.email}` : none],
  ];
  if (management.policyError) rows.push([t('mgmt.enroll.policyError'), management.policyError]);
  return (
    <section className="panel stack" aria-labelledby="enrolled-heading">
      {enrolledNow ? (
        <FocusHeading id="enrolled-heading">{t('mgmt.enroll.enrolledHeading')}</FocusHeading>
      ) : (
        <h3 id="enrolled-heading">{t('mgmt.enroll.enrolledHeading')}</h3>
      )}
      {enrolledNow ? <p role="status">{t('mgmt.enroll.enrolledNow', { server: management.server ? serverAddressText(management.server) : '' })}</p> : null}
      <FactsList rows={rows} />
      <div className="actions">
        <button type="button" className="button" onClick={() => void sync()} disabled={busy !== null}>
          {busy === 'sync' ? t('mgmt.enroll.syncing') : t('mgmt.enroll.sync')}
        </button>
        <p aria-live="polite" className="muted">
          {syncedAt ? t('mgmt.enroll.synced', { time: formatDateTime(syncedAt, i18n.language) }) : null}
        </p>
      </div>
    </section>
  );
}

function EnrollForm() {
  const { t } = useTranslation();
  const host = useEnrollment((s) => s.host);
  const port = useEnrollment((s) => s.port);
  const presented = useEnrollment((s) => s.presented);
  const busy = useEnrollment((s) => s.busy);
  const setHost = useEnrollment((s) => s.setHost);
  const setPort = useEnrollment((s) => s.setPort);
  const fetch = useEnrollment((s) => s.fetch);
  const confirm = useEnrollment((s) => s.confirm);
  const discard = useEnrollment((s) => s.discard);

  if (presented) {
    return (
      <section className="panel stack" aria-labelledby="presented-heading">
        <FocusHeading id="presented-heading">{t('mgmt.enroll.presented', { server: `${presented.host}:${presented.port}` })}</FocusHeading>
        <p className="compare-hint">{t('mgmt.enroll.compare')}</p>
        <CertificateSummary certificate={presented.certificate} />
        <div className="actions">
          <button type="button" className="button secondary" onClick={discard} disabled={busy !== null}>
            {t('mgmt.enroll.other')}
          </button>
          <button type="button" className="button" onClick={() => void confirm()} disabled={busy !== null}>
            {busy === 'enroll' ? t('mgmt.enroll.enrolling') : t('mgmt.enroll.confirm')}
          </button>
        </div>
      </section>
    );
  }
  const submit = () => void fetch();
  return (
    <ServerAddressForm
      className="panel stack"
      host={host}
      port={port}
      onHost={setHost}
      onPort={setPort}
      onSubmit={submit}
      errorId="enroll-error"
      hostLabel={t('mgmt.enroll.host')}
      hostHint={t('mgmt.enroll.hostHint')}
      portLabel={t('mgmt.enroll.port')}
      busy={busy !== null}
      submitLabel={busy === 'fetch' ? t('mgmt.enroll.fetching') : t('mgmt.enroll.fetch')}
    />
  );
}

/** PROTOCOL.md §1: address → the presented certificate compared with the console → enrolled; then Sync now. */
export function EnrollScreen() {
  const { t } = useTranslation();
  const management = useStatusStore((s) => s.status?.management ?? null);
  const error = useEnrollment((s) => s.error);
  const enrolled = management !== null && management.state !== 'not-enrolled' && management.state !== 'no-device-key';
  return (
    <section aria-labelledby="enroll-heading" className="screen">
      <ScreenHeading id="enroll-heading" title={t('mgmt.enroll.title')} description={t('mgmt.enroll.description')} />
      {management?.state === 'no-device-key' ? <p className="warning-expired">{t('mgmt.enroll.reenroll')}</p> : null}
      {enrolled ? <Enrolled management={management} /> : <EnrollForm />}
      <ErrorMessage error={error} id="enroll-error" />
    </section>
  );
}
