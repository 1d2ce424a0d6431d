import { useTranslation } from 'react-i18next';
import { formatDate } from '../../i18n/format';
import { useRemoteDesktops, type Decision } from '../../stores/remoteDesktops';
import { CertificateSummary } from '../CertificateFacts';
import { useModalDialog } from '../useModalDialog';
import { ReasonList } from '../TrustVerdict';
import { FactsList } from '../FactsList';

function Body({ decision }: { decision: Decision }) {
  const { t, i18n } = useTranslation();
  switch (decision.kind) {
    case 'first-connection':
      return (
        <>
          <p className="compare-hint">{t('remote.first.explain')}</p>
          <CertificateSummary certificate={decision.certificate} />
        </>
      );
    case 'changed-certificate':
      return (
        <>
          <p className="warning-expired">{t('remote.changed.explain')}</p>
          {decision.previousExpired ? <p>{t('remote.changed.previousExpired', { date: formatDate(decision.previousExpired, i18n.language) })}</p> : null}
          <p>
            {t('remote.changed.what')}{' '}
            {decision.changes.length === 0 ? t('remote.changed.onlyFingerprint') : decision.changes.map((change) => t(`remote.change.${change}`)).join(', ')}
          </p>
          <div className="side-by-side">
            <section aria-labelledby="previous-certificate">
              <h3 id="previous-certificate">{t('remote.changed.previous')}</h3>
              <CertificateSummary certificate={decision.previous} />
            </section>
            <section aria-labelledby="presented-certificate">
              <h3 id="presented-certificate">{t('remote.changed.presented')}</h3>
              <CertificateSummary certificate={decision.presented} />
            </section>
          </div>
        </>
      );
    case 'managed-refusal':
      return (
        <>
          <p>{t('remote.managed.explain')}</p>
          <ReasonList reasons={decision.reasons} />
          <h3>{t('remote.managed.contact')}</h3>
          {decision.adminContact ? (
            <FactsList
              compact
              rows={[
                [t('remote.managed.name'), decision.adminContact.name],
                [t('remote.managed.phone'), decision.adminContact.phone],
                [t('remote.managed.email'), decision.adminContact.email],
              ]}
            />
          ) : (
            <p>{t('remote.managed.noContact')}</p>
          )}
        </>
      );
    case 'untrusted':
    case 'unreachable':
      return (
        <>
          <p>{t(`remote.${decision.kind}.explain`)}</p>
          <ReasonList reasons={decision.reasons} />
        </>
      );
  }
}

/**
 * What Connect found when ThinCert does not trust the server: a native modal
 * <dialog> (focus stays inside; Esc is Cancel or Reject). The safe choice
 * comes first and takes the first focus; only a first or changed certificate
 * of an unmanaged device has an accept button.
 */
export function ConnectDecision() {
  const { t } = useTranslation();
  const decision = useRemoteDesktops((s) => s.decision);
  const busy = useRemoteDesktops((s) => s.busy);
  const trust = useRemoteDesktops((s) => s.trust);
  const dismiss = useRemoteDesktops((s) => s.dismiss);
  const { ref, titleId, restoreFocus } = useModalDialog(decision !== null);

  const kind = decision?.kind ?? null;
  const accept = kind === 'first-connection' ? t('remote.first.trust') : kind === 'changed-certificate' ? t('remote.changed.trust') : null;
  const refuse = kind === 'first-connection' ? t('common.cancel') : kind === 'changed-certificate' ? t('remote.changed.reject') : t('remote.close');
  const title = decision ? t(`remote.${decision.kind === 'first-connection' ? 'first' : decision.kind === 'changed-certificate' ? 'changed' : decision.kind === 'managed-refusal' ? 'managed' : decision.kind}.title`, { name: decision.name, server: `${decision.host}:${decision.port}` }) : '';

  return (
    <dialog
      ref={ref}
      className="dialog connect-decision"
      aria-labelledby={titleId}
      data-kind={kind ?? undefined}
      onCancel={() => void dismiss()}
      onClose={restoreFocus}
    >
      <h2 id={titleId}>{title}</h2>
      {decision ? <Body decision={decision} /> : null}
      <div className="actions">
        <button type="button" className="button secondary" onClick={() => void dismiss()} autoFocus>
          {refuse}
        </button>
        {accept ? (
          <button type="button" className="button" onClick={() => void trust()} disabled={busy}>
            {busy ? t('remote.connecting') : accept}
          </button>
        ) : null}
      </div>
    </dialog>
  );
}
