import { useTranslation } from 'react-i18next';
import { PURPOSES } from '../../app/purposes';
import { useStatusStore } from '../stores/status';
import { useNavigation } from '../stores/navigation';
import { StatusBadge } from '../components/StatusBadge';

export function HomeScreen() {
  const { t } = useTranslation();
  const status = useStatusStore((s) => s.status);
  const error = useStatusStore((s) => s.error);
  const go = useNavigation((s) => s.go);

  if (!status) {
    return <p role="status">{error ? t('errors.generic', { message: error.message }) : t('home.loading')}</p>;
  }
  return (
    <>
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
      <section aria-labelledby="state-heading" className="panel">
        <h2 id="state-heading" className="visually-hidden">{t('home.mode')}</h2>
        <dl className="facts">
          <dt>{t('home.mode')}</dt>
          <dd>{status.mode === 'managed' ? t('home.managed') : t('home.unmanaged')}</dd>
          <dt>{t('home.management')}</dt>
          <dd>{t(`managementState.${status.management.state}`)}</dd>
        </dl>
      </section>
      <section aria-labelledby="expiring-heading" className="panel">
        <h2 id="expiring-heading">{t('home.expiringHeading')}</h2>
        {status.expiring.length === 0 ? (
          <p>{t('home.noneExpiring')}</p>
        ) : (
          <ul className="plain-list">
            {status.expiring.map((cert) => (
              <li key={cert.fingerprint}>
                <span>{cert.subject}</span> <StatusBadge status={cert.status} daysLeft={cert.daysLeft} />
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
