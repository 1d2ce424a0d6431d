import type { TFunction } from 'i18next';
import { isPurpose } from '../../app/purposes';
import { reasonMessages, renderReason, type ReasonCode } from '../../app/reason-messages';
import type { Reason } from '../../app/schemas';
import { formatDate } from './format';

function isKnown(code: string): code is ReasonCode {
  return Object.prototype.hasOwnProperty.call(reasonMessages.en, code);
}

/**
 * A trust reason in the operator's language, from the templates main uses
 * for its English message (app/reason-messages.ts). Purpose ids and days in
 * the params are said the way the rest of the screen says them; a code the
 * templates do not know keeps main's message.
 */
export function reasonText(reason: Reason, t: TFunction, language: string): string {
  if (!isKnown(reason.code)) return reason.message;
  const templates = language === 'ru' ? reasonMessages.ru : reasonMessages.en;
  const params: Record<string, string | number> = { ...reason.params };
  // Russian sentences read naturally only with the purpose's name in guillemets («Сервер журналов»).
  const quote = (name: string) => (language === 'ru' ? `«${name}»` : name);
  const purposeTitle = (id: string) => (isPurpose(id) ? quote(t(`purpose.${id}.title`)) : id);
  if (typeof params.purpose === 'string') params.purpose = purposeTitle(params.purpose);
  if (typeof params.purposes === 'string') params.purposes = params.purposes.split(/,\s*/).map(purposeTitle).join(', ');
  if (typeof params.date === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(params.date)) params.date = formatDate(`${params.date}T12:00:00Z`, language);
  // Words main chose at judging time (why a revocation status is unknown) come in Russian too, as `<param>Ru`.
  if (language === 'ru') for (const key of Object.keys(params)) if (key.endsWith('Ru') && typeof params[key] === 'string') params[key.slice(0, -2)] = params[key] as string;
  return renderReason(templates[reason.code], params);
}
