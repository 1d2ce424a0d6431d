import { useTranslation } from 'react-i18next';
import { useNavigation } from '../../stores/navigation';
import { useStatusStore } from '../../stores/status';
import { formatDate } from '../../i18n/format';
import { IdentityBadge } from './IdentityBadge';

/** The identity as status carries it (no second call at start): none without one. */
function useStatusIdentity() {
  const identity = useStatusStore((s) => s.status?.identity ?? null);
  return identity ?? { state: 'none' as const, notAfter: null };
}

/**
 * An expired device certificate said at the top of the home screen, because
 * servers that ask for it now refuse this device; one press leads to renewal.
 */
export function IdentityProblem() {
  const { t, i18n } = useTranslation();
  const identity = useStatusIdentity();
  const go = useNavigation((s) => s.go);
  if (identity.state !== 'expired') return null;
  return (
    <div className="panel actions identity-problem">
      <p className="warning-expired">{t('identity.home.expiredProblem', { date: formatDate(identity.notAfter, i18n.language) })}</p>
      <button type="button" className="button" onClick={() => go({ name: 'identity' })}>
        {t('identity.home.open')}
      </button>
    </div>
  );
}

/** Home's way to "This device's certificate", with its state and until when it is valid. */
export function IdentityTile() {
  const { t, i18n } = useTranslation();
  const identity = useStatusIdentity();
  const go = useNavigation((s) => s.go);
  return (
    <section aria-labelledby="identity-home-heading">
      <h2 id="identity-home-heading">{t('identity.home.heading')}</h2>
      <ul className="tiles device-links">
        <li>
          <button type="button" className="tile" onClick={() => go({ name: 'identity' })}>
            <span className="tile-title">{t('identity.home.tile')}</span>
            <span className="tile-count">
              <IdentityBadge view={{ state: identity.state, daysLeft: null }} />
              {identity.notAfter && identity.state !== 'expired' ? ` ${t('identity.home.validUntil', { date: formatDate(identity.notAfter, i18n.language) })}` : null}
            </span>
          </button>
        </li>
      </ul>
    </section>
  );
}
