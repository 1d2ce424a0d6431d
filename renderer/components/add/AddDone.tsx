import { useTranslation } from 'react-i18next';
import type { Certificate } from '../../../app/schemas';
import type { Purpose } from '../../../app/purposes';
import { useNavigation } from '../../stores/navigation';
import { FocusHeading } from '../FocusHeading';
import { certificateName } from '../certificateName';

export function AddDone({ purpose, added, alreadyPresent, onAnother }: { purpose: Purpose; added: Certificate[]; alreadyPresent: string[]; onAnother(): void }) {
  const { t } = useTranslation();
  const back = useNavigation((s) => s.back);
  const purposeTitle = t(`purpose.${purpose}.title`);
  return (
    <section aria-labelledby="done-heading" className="panel done">
      <FocusHeading id="done-heading">{t('add.done.heading')}</FocusHeading>
      <p role="status">
        {added.length > 0 ? t('add.done.added', { count: added.length, purpose: purposeTitle }) : null}{' '}
        {alreadyPresent.length > 0 ? t('add.done.alreadyPresent', { count: alreadyPresent.length }) : null}
      </p>
      {added.length > 0 ? (
        <ul className="plain-list">
          {added.map((c) => (
            <li key={c.fingerprint}>
              {certificateName(c)} — <span className="muted">{t(c.isCA ? 'add.done.anchor' : 'add.done.pinned')}</span>
            </li>
          ))}
        </ul>
      ) : null}
      <div className="actions">
        <button type="button" className="button" onClick={back}>
          {t('add.done.toList', { purpose: purposeTitle })}
        </button>
        <button type="button" className="button secondary" onClick={onAnother}>
          {t('add.done.another')}
        </button>
      </div>
    </section>
  );
}
