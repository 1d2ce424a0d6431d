import { useTranslation } from 'react-i18next';
import { useNavigation } from '../../stores/navigation';
import { useStatusStore } from '../../stores/status';

/** Home's way to the management, history and log server screens, each with the one fact that says whether to go there. */
export function DeviceLinks() {
  const { t, i18n } = useTranslation();
  const management = useStatusStore((s) => s.status?.management.state ?? null);
  const delivery = useStatusStore((s) => s.status?.logDelivery ?? null);
  const go = useNavigation((s) => s.go);
  return (
    <section aria-labelledby="device-links-heading">
      <h2 id="device-links-heading">{t('mgmt.home.heading')}</h2>
      <ul className="tiles device-links">
        <li>
          <button type="button" className="tile" onClick={() => go({ name: 'enroll' })}>
            <span className="tile-title">{t('mgmt.home.enroll')}</span>
            <span className="tile-count">{management ? t(`managementState.${management}`) : '—'}</span>
          </button>
        </li>
        <li>
          <button type="button" className="tile" onClick={() => go({ name: 'history' })}>
            <span className="tile-title">{t('mgmt.home.history')}</span>
            <span className="tile-description">{t('mgmt.history.description')}</span>
          </button>
        </li>
        <li>
          <button type="button" className="tile" onClick={() => go({ name: 'logServer' })}>
            <span className="tile-title">{t('mgmt.home.logServer')}</span>
            <span className="tile-count">
              {delivery
                ? `${t(`mgmt.logServer.state.${delivery.state}`)}${delivery.waiting > 0 ? ` · ${t('mgmt.logServer.waiting')}: ${new Intl.NumberFormat(i18n.language).format(delivery.waiting)}` : ''}`
                : '—'}
            </span>
          </button>
        </li>
      </ul>
    </section>
  );
}
