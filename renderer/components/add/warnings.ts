import type { TFunction } from 'i18next';
import type { Warning } from '../../../app/schemas';
import { formatDate } from '../../i18n/format';

/** A warning main gave, in the current language, from its code and params; without the facts its words need, main's own words. */
export function warningText(warning: Warning, t: TFunction, language: string): string {
  const { date, days } = warning.params ?? {};
  switch (warning.code) {
    case 'expired':
      return typeof date === 'string' ? t('warning.expired', { date: formatDate(date, language) }) : warning.message;
    case 'not-yet-valid':
      return typeof date === 'string' ? t('warning.notYetValid', { date: formatDate(date, language) }) : warning.message;
    case 'expiring':
      return typeof days === 'number' ? t('warning.expiring', { count: days }) : warning.message;
    case 'anchor':
      return t('warning.anchor');
    case 'pinned':
      return t('warning.pinned');
    case 'already-present':
      return t('warning.alreadyPresent');
  }
}
