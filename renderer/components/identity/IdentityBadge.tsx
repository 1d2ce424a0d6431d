import { useTranslation } from 'react-i18next';
import type { IdentityView } from '../../../app/identity';
import { StatusBadge } from '../StatusBadge';

/**
 * The identity's state as a badge: a certificate in use (valid, expired) gets
 * the certificate list's own badge; the states of a request under way say
 * their state, in the colour of a certificate that needs attention.
 */
export function IdentityBadge({ view }: { view: Pick<IdentityView, 'state' | 'daysLeft'> }) {
  const { t } = useTranslation();
  if (view.state === 'valid') return <StatusBadge status="valid" daysLeft={view.daysLeft ?? 0} />;
  if (view.state === 'expired') return <StatusBadge status="expired" daysLeft={0} />;
  const tone = view.state === 'none' ? 'none' : 'expiring';
  return <span className={`badge badge-${tone}`}>{t(`identity.state.${view.state}`)}</span>;
}
