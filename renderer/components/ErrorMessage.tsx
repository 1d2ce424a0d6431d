import { useTranslation } from 'react-i18next';
import type { ErrorShape } from '../../app/errors';

/**
 * A refusal shown where it happened. Codes the catalogue knows are said in the
 * current language with main's params; any other code shows main's message.
 */
export function ErrorMessage({ error, id }: { error: ErrorShape | null; id?: string }) {
  const { t, i18n } = useTranslation();
  // The alert region stays mounted so a screen reader announces the message the moment it appears.
  return (
    <div role="alert" id={id} className={error ? 'error-message' : undefined}>
      {error ? (i18n.exists(`errorCodes.${error.code}`) ? t(`errorCodes.${error.code}`, { ...error.params }) : error.message) : null}
    </div>
  );
}
