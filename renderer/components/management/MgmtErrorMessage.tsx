import { useTranslation } from 'react-i18next';
import type { ErrorShape } from '../../../app/errors';
import { formatDateTime } from '../../i18n/format';

/** Said in the current language: the management catalogue first, then the app's, else main's English message. */
export function useErrorText(): (error: ErrorShape) => string {
  const { t, i18n } = useTranslation();
  return (error) => {
    const params: Record<string, string | number> = { ...error.params };
    // Times in refusals (a lock) are read in the operator's language, not as ISO.
    for (const key of ['until', 'lockedUntil']) {
      const value = params[key];
      if (typeof value === 'string') params[key] = formatDateTime(value, i18n.language);
    }
    if (i18n.exists(`mgmt.errors.${error.code}`)) return t(`mgmt.errors.${error.code}`, params);
    if (i18n.exists(`errorCodes.${error.code}`)) return t(`errorCodes.${error.code}`, params);
    return error.message;
  };
}

/** A refusal shown where it happened; the alert region stays mounted so it is announced the moment it fills. */
export function MgmtErrorMessage({ error, id }: { error: ErrorShape | null; id?: string }) {
  const text = useErrorText();
  return (
    <div role="alert" id={id} className={error ? 'error-message' : undefined}>
      {error ? text(error) : null}
    </div>
  );
}
