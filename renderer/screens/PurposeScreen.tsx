import { useTranslation } from 'react-i18next';
import type { Purpose } from '../../app/purposes';
import { useNavigation } from '../stores/navigation';

export function PurposeScreen({ purpose }: { purpose: Purpose }) {
  const { t } = useTranslation();
  const back = useNavigation((s) => s.back);
  return (
    <section aria-labelledby="purpose-heading">
      <button type="button" className="button secondary" onClick={back}>
        {t('common.back')}
      </button>
      <h2 id="purpose-heading">{t(`purpose.${purpose}.title`)}</h2>
      <p>{t(`purpose.${purpose}.description`)}</p>
    </section>
  );
}
