import { lazy, type ComponentType } from 'react';
import { screenWords } from './i18n/i18n';

/**
 * A screen away from home as its own chunk, rendered once its code and the
 * screens' words (i18n.ts screenWords) are both there (issues 8, 14: what
 * loads at start stays small).
 */
export function lazyScreen<P extends object>(load: () => Promise<ComponentType<P>>) {
  return lazy(async () => {
    const [component] = await Promise.all([load(), screenWords()]);
    return { default: component };
  });
}
