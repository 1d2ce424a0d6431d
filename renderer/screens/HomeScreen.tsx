import { Suspense } from 'react';
import { lazyScreen } from '../lazy-screen';
import { useTranslation } from 'react-i18next';
import { PURPOSES } from '../../app/purposes';
import { useStatusStore } from '../stores/status';
import { useNavigation } from '../stores/navigation';
import { CertificateBadges } from '../components/StatusBadge';
import { formatDate } from '../i18n/format';
import { certificateName } from '../components/certificateName';
import { DeviceLinks } from '../components/management/DeviceLinks';
import { IdentityProblem, IdentityTile } from '../components/identity/HomeIdentity';

// Loaded after the first paint: the home screen's tiles and state come first (renderer budget at start, issue 8).
const RemoteDesktopsSection = lazyScreen(() => import('../components/remote/RemoteDesktopsSection').then((m) => m.RemoteDesktopsSection));

export function HomeScreen() {
  const { t, i18n } = useTranslation();
  const status = useStatusStore((s) => s.status);
  const error = useStatusStore((s) => s.error);
  const go = useNavigation((s) => s.go);

  if (!status) {
    return <p role="status">{error ? t('errors.generic', { message: error.message }) : t('home.loading')}</p>;
  }
  return (
    <>
      <IdentityProblem />
      <section aria-labelledby="purposes-heading">
        <h2 id="purposes-heading">{t('home.heading')}</h2>
        <ul className="tiles">
          {PURPOSES.map((purpose) => (
            <li key={purpose}>
              <button type="button" className="tile" onClick={() => go({ name: 'purpose', purpose })} data-purpose={purpose}>
                <span className="tile-title">{t(`purpose.${purpose}.title`)}</span>
                <span className="tile-description">{t(`purpose.${purpose}.description`)}</span>
                <span className="tile-count">{t('home.count', { count: status.counts[purpose] })}</span>
              </button>
            </li>
          ))}
        </ul>
      </section>
      <div className="home-columns">
        <section aria-labelledby="state-heading" className="panel">
          <h2 id="state-heading">{t('home.stateHeading')}</h2>
          <dl className="facts">
            <div className="fact">
              <dt>{t('home.mode')}</dt>
              <dd>{status.mode === 'managed' ? t('home.managed') : t('home.unmanaged')}</dd>
            </div>
            <div className="fact">
              <dt>{t('home.management')}</dt>
              <dd>{t(`managementState.${status.management.state}`)}</dd>
            </div>
          </dl>
        </section>
        <section aria-labelledby="expiring-heading" className="panel">
          <h2 id="expiring-heading">{t('home.expiringHeading')}</h2>
          {/* Polite live region: a change made elsewhere (the CLI, a policy) is announced without stealing focus. */}
          <div aria-live="polite">
            {status.expiring.length === 0 ? (
              <p>{t('home.noneExpiring')}</p>
            ) : (
              <ul className="plain-list">
                {status.expiring.map((cert) => (
                  <li key={cert.fingerprint}>
                    <button
                      type="button"
                      className="list-button"
                      onClick={() => go({ name: 'details', fingerprint: cert.fingerprint, purpose: cert.purposes[0] ?? null })}
                    >
                      <span className="cert-subject">{certificateName(cert)}</span>
                      <span className="muted">{t('cert.until', { date: formatDate(cert.notAfter, i18n.language) })}</span>
                      <CertificateBadges certificate={cert} />
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </div>
        </section>
      </div>
      <DeviceLinks />
      <IdentityTile />
      <Suspense fallback={null}>
        <RemoteDesktopsSection />
      </Suspense>
    </>
  );
}
