import { useTranslation } from 'react-i18next';
import type { Certificate, CertStatus } from '../../app/schemas';

export function StatusBadge({ status, daysLeft }: { status: CertStatus; daysLeft: number }) {
  const { t } = useTranslation();
  const text = status === 'expiring' ? t('status.expiring', { count: daysLeft }) : t(`status.${status}`);
  return <span className={`badge badge-${status}`}>{text}</span>;
}

/** Status plus "managed" for policy certificates, which the operator cannot remove here. */
export function CertificateBadges({ certificate }: { certificate: Pick<Certificate, 'status' | 'daysLeft' | 'source'> }) {
  const { t } = useTranslation();
  return (
    <span className="badges">
      <StatusBadge status={certificate.status} daysLeft={certificate.daysLeft} />
      {certificate.source === 'policy' ? <span className="badge badge-managed">{t('status.managed')}</span> : null}
    </span>
  );
}
