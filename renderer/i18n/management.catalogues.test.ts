import { describe, expect, it } from 'vitest';
import { itMatchesAcrossLanguages, leaves } from './test-support/catalogue-checks';
import { managementEn } from './management.en';
import { managementRu } from './management.ru';
import { en } from './en';

describe('management catalogues', () => {
  const english = leaves(managementEn);
  const russian = leaves(managementRu);

  itMatchesAcrossLanguages(english, russian);

  it('add one top-level key that the app catalogue does not use, so merging shadows nothing', () => {
    expect(Object.keys(managementEn)).toEqual(['mgmt']);
    expect(Object.keys(en)).not.toContain('mgmt');
  });
});
