import { describe, expect, it } from 'vitest';
import { itMatchesAcrossLanguages, leaves, pluralBases } from './test-support/catalogue-checks';
import { en } from './en';
import { ru } from './ru';

describe('message catalogues', () => {
  const english = leaves(en);
  const russian = leaves(ru);

  itMatchesAcrossLanguages(english, russian);

  it('have plurals to check', () => {
    expect(pluralBases(russian).length).toBeGreaterThan(5);
  });
});
