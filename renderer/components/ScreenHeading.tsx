import { useTranslation } from 'react-i18next';
import { useNavigation } from '../stores/navigation';

/** Back, then the screen's title: the same place on every screen so a finger finds it without looking. */
export function ScreenHeading({ id, title, description }: { id: string; title: string; description?: string }) {
  const { t } = useTranslation();
  const back = useNavigation((s) => s.back);
  return (
    <div className="screen-heading">
      <button type="button" className="button secondary back" onClick={back}>
        <span aria-hidden="true">←</span> {t('common.back')}
      </button>
      <div>
        <h2 id={id}>{title}</h2>
        {description ? <p className="muted">{description}</p> : null}
      </div>
    </div>
  );
}
