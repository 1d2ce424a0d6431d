/**
 * The screens' part of the catalogues (en.screens.ts, ru.screens.ts), loaded
 * with the first screen away from home (issue 14): checked like the start part,
 * and never defining a word the start part defines (they merge into one tree).
 */
import { describe, expect, it } from 'vitest';
import { itMatchesAcrossLanguages, leaves, pluralBases } from './test-support/catalogue-checks';
import { en } from './en';
import { ru } from './ru';
import { enScreens } from './en.screens';
import { ruScreens } from './ru.screens';

describe('the screens’ catalogue part', () => {
  itMatchesAcrossLanguages(leaves(enScreens), leaves(ruScreens));

  it('adds words the start part does not have, in both languages', () => {
    for (const [start, screens] of [
      [leaves(en), leaves(enScreens)],
      [leaves(ru), leaves(ruScreens)],
    ] as const) {
      expect([...screens.keys()].filter((key) => start.has(key))).toEqual([]);
      expect(screens.size).toBeGreaterThan(100);
    }
  });

  it('has plurals to check, the replacement window’s among them', () => {
    expect(pluralBases(leaves(ruScreens))).toContain('mgmt.replacement.wrong');
  });
});
