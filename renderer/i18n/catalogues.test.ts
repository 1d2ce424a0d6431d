import { describe, expect, it } from 'vitest';
import { ERROR_CODES, type ErrorCode } from '../../app/error-codes';
import { itMatchesAcrossLanguages, leaves, pluralBases } from './test-support/catalogue-checks';
import { en } from './en';
import { ru } from './ru';

describe('message catalogues', () => {
  const english = leaves(en);
  const russian = leaves(ru);

  itMatchesAcrossLanguages(english, russian);

  it('have plurals to check (the screens’ part has its own: screens-catalogue.test.ts)', () => {
    expect(pluralBases(russian).length).toBeGreaterThan(5);
    expect(pluralBases(russian)).toContain('home.count');
  });
});

describe('error words (app/error-codes.ts)', () => {
  const codes = Object.keys(ERROR_CODES).sort();
  const catalogues = { en: en.errorCodes, ru: ru.errorCodes } as const;

  for (const [language, words] of Object.entries(catalogues)) {
    it(`${language} has words for every error code, and for nothing else`, () => {
      expect(Object.keys(words).sort()).toEqual(codes);
      for (const code of codes) expect(words[code as ErrorCode].trim(), code).not.toBe('');
    });

    it(`${language} fills its words only from the parameters the code has`, () => {
      for (const [code, template] of Object.entries(words)) {
        const names = Object.keys(ERROR_CODES[code as ErrorCode] ?? {});
        for (const [, placeholder] of template.matchAll(/\{\{\s*(\w+)/g)) expect(names, `${code}: {{${placeholder}}}`).toContain(placeholder);
      }
    });
  }
});
