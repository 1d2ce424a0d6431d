import { useTranslation } from 'react-i18next';
import type { InstantParam } from '../../app/error-codes';
import type { ErrorShape } from '../../app/errors';
import { isPurpose } from '../../app/purposes';
import { formatDateTime } from '../i18n/format';

/** Every parameter app/error-codes.ts marks as a time, so a new one cannot be shown as raw ISO (the typecheck asks for it here). */
const INSTANTS: Readonly<Record<InstantParam, true>> = { lockedUntil: true, nextUpdate: true, thisUpdate: true, notAfter: true };

/**
 * A time to show in the operator's language. By name, since the renderer does
 * not load the list; a name that is a bare day in another code
 * (management-certificate-expired's notAfter) has no time part and stays as main wrote it.
 */
function isInstant(name: string, value: string): boolean {
  return Object.prototype.hasOwnProperty.call(INSTANTS, name) && value.includes('T');
}

/**
 * A refusal in the current language: the words of `errorCodes` filled with
 * main's params, times read in the operator's language and a purpose by its
 * name; a code the catalogue does not know keeps main's English message.
 */
export function useErrorText(): (error: ErrorShape) => string {
  const { t, i18n } = useTranslation();
  return (error) => {
    const key = `errorCodes.${error.code}`;
    if (!i18n.exists(key)) return error.message;
    const params: Record<string, string | number> = { ...error.params };
    for (const [name, value] of Object.entries(params)) {
      if (typeof value !== 'string') continue;
      if (isInstant(name, value)) params[name] = formatDateTime(value, i18n.language);
      else if (name === 'purpose' && isPurpose(value)) params[name] = t(`purpose.${value}.title`);
    }
    return t(key, params);
  };
}

/** A refusal shown where it happened. The alert region stays mounted so a screen reader announces the message the moment it appears. */
export function ErrorMessage({ error, id }: { error: ErrorShape | null; id?: string }) {
  const text = useErrorText();
  return (
    <div role="alert" id={id} className={error ? 'error-message' : undefined}>
      {error ? text(error) : null}
    </div>
  );
}
