import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Fingerprint } from '../components/Fingerprint';
import { StatusBadge } from '../components/StatusBadge';
import type { ErrorShape } from '../../app/errors';
import type { Purpose } from '../../app/purposes';
import { useCertificates } from '../stores/certificates';
import { useNavigation } from '../stores/navigation';
import { CertificateFacts } from '../components/CertificateFacts';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { ErrorMessage } from '../components/ErrorMessage';
import { ScreenHeading } from '../components/ScreenHeading';
import { certificateName } from '../components/certificateName';

export function DetailsScreen({ fingerprint, purpose }: { fingerprint: string; purpose: Purpose | null }) {
  const { t } = useTranslation();
  const back = useNavigation((s) => s.back);
  const loadDetails = useCertificates((s) => s.loadDetails);
  const remove = useCertificates((s) => s.remove);
  const details = useCertificates((s) => s.details);
  const detailsError = useCertificates((s) => s.detailsError);
  const [confirming, setConfirming] = useState(false);
  const [removing, setRemoving] = useState(false);
  const [removeError, setRemoveError] = useState<ErrorShape | null>(null);

  useEffect(() => {
    void loadDetails(fingerprint);
  }, [loadDetails, fingerprint]);

  const certificate = details?.fingerprint === fingerprint ? details : null;
  const name = certificate ? certificateName(certificate) : '';
  // Removal is per purpose: the one the operator came from, else the certificate's only one.
  const removeFrom = purpose ?? (certificate?.purposes.length === 1 ? certificate.purposes[0] : undefined);

  const onConfirmRemove = async () => {
    if (!removeFrom) return;
    setRemoving(true);
    const error = await remove(removeFrom, fingerprint);
    setRemoving(false);
    setRemoveError(error);
    if (!error) {
      setConfirming(false);
      back();
    }
  };

  return (
    <section aria-labelledby="details-heading" className="screen">
      <ScreenHeading id="details-heading" title={certificate ? name : t('details.title')} description={certificate ? t('details.title') : undefined} />
      <ErrorMessage error={detailsError} />
      {!certificate ? (
        <p role="status">{detailsError ? null : t('home.loading')}</p>
      ) : (
        <>
          {removeFrom && certificate.purposes.includes(removeFrom) ? (
            <div className="actions">
              <button
                type="button"
                className="button danger"
                onClick={() => {
                  setRemoveError(null);
                  setConfirming(true);
                }}
              >
                {t('details.remove')}
              </button>
            </div>
          ) : null}
          <div className="panel">
            <CertificateFacts certificate={certificate} />
          </div>
          <section aria-labelledby="chain-heading" className="panel">
            <h3 id="chain-heading">{t('details.chain')}</h3>
            {certificate.chain.length === 0 ? (
              <p className="muted">{certificate.selfSigned ? t('details.chainSelfSigned') : t('details.chainUnknown')}</p>
            ) : (
              <ol className="plain-list">
                {certificate.chain.map((issuer) => (
                  <li key={issuer.fingerprint}>
                    <strong>{issuer.subject}</strong> <StatusBadge status={issuer.status} daysLeft={issuer.daysLeft} />
                    <div className="muted">
                      <Fingerprint value={issuer.fingerprint} />
                    </div>
                  </li>
                ))}
              </ol>
            )}
          </section>
          <section aria-labelledby="pem-heading" className="panel">
            <h3 id="pem-heading">{t('details.pem')}</h3>
            {/* Focusable so a keyboard can scroll it; labelled so a screen reader says what it is. */}
            <pre className="pem" tabIndex={0} aria-labelledby="pem-heading">
              {certificate.pem}
            </pre>
          </section>
          <ConfirmDialog
            open={confirming}
            title={t('details.removeTitle')}
            confirmLabel={t('details.removeConfirm')}
            busy={removing}
            onConfirm={() => void onConfirmRemove()}
            onClose={() => setConfirming(false)}
          >
            <p>{t('details.removeQuestion', { name, purpose: removeFrom ? t(`purpose.${removeFrom}.title`) : '' })}</p>
            <p className="muted">{t('details.removeHint')}</p>
            <ErrorMessage error={removeError} />
          </ConfirmDialog>
        </>
      )}
    </section>
  );
}
