import { useTranslation } from 'react-i18next';
import type { CertStatus } from '../../app/schemas';

export function StatusBadge({ status, daysLeft }: { status: CertStatus; daysLeft: number }) {
  const { t } = useTranslation();
  const text = status === 'expiring' ? t('status.expiring', { count: daysLeft }) : t(`status.${status}`);
  return <span className={`badge badge-${status}`}>{text}</span>;
}
