import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { Purpose } from '../../app/purposes';
import { useNavigation } from '../stores/navigation';
import { useCertificates } from '../stores/certificates';
import { CertificateList } from '../components/CertificateList';
import { ErrorMessage } from '../components/ErrorMessage';
import { ScreenHeading } from '../components/ScreenHeading';
import { TrustLevelNote } from '../components/TrustLevelNote';

export function PurposeScreen({ purpose }: { purpose: Purpose }) {
  const { t } = useTranslation();
  const go = useNavigation((s) => s.go);
  const load = useCertificates((s) => s.load);
  const loadRest = useCertificates((s) => s.loadRest);
  const shownPurpose = useCertificates((s) => s.purpose);
  const certificates = useCertificates((s) => s.certificates);
  const loaded = useCertificates((s) => s.loaded);
  const total = useCertificates((s) => s.total);
  const error = useCertificates((s) => s.error);

  useEffect(() => {
    void load(purpose);
  }, [load, purpose]);

  // The first screenful is on screen: the rest is asked for after the browser painted it, so a long
  // answer being read and checked does not hold the first rows back (issue 14, first paint).
  const partial = shownPurpose === purpose && loaded && certificates.length < total;
  useEffect(() => {
    if (!partial) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => void loadRest(), 0);
    });
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [partial, loadRest]);

  const current = shownPurpose === purpose;
  const title = t(`purpose.${purpose}.title`);
  return (
    <section aria-labelledby="purpose-heading" className="screen">
      <ScreenHeading id="purpose-heading" title={title} description={t(`purpose.${purpose}.description`)} />
      <TrustLevelNote purpose={purpose} />
      <div className="actions">
        <button type="button" className="button" onClick={() => go({ name: 'add', purpose })}>
          {t('purposeScreen.add')}
        </button>
        <button type="button" className="button secondary" onClick={() => go({ name: 'check', purpose })}>
          {t('purposeScreen.check')}
        </button>
        <button type="button" className="button secondary" onClick={() => go({ name: 'verify', purpose })}>
          {t('purposeScreen.verify')}
        </button>
      </div>
      <ErrorMessage error={error} />
      <p role="status" className="muted">
        {!current || !loaded ? t('home.loading') : total === 0 ? t('purposeScreen.empty') : t('purposeScreen.count', { count: total })}
      </p>
      {current && certificates.length > 0 ? (
        <CertificateList
          certificates={certificates}
          label={t('purposeScreen.listLabel', { purpose: title })}
          onOpen={(certificate) => go({ name: 'details', fingerprint: certificate.fingerprint, purpose })}
        />
      ) : null}
    </section>
  );
}
