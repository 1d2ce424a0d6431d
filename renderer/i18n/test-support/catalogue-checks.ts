/** What every pair of message catalogues must satisfy, checked the same way for each pair. */
import { expect, it } from 'vitest';

export function leaves(tree: object, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else if (value && typeof value === 'object') for (const [k, v] of leaves(value, path)) out.set(k, v);
  }
  return out;
}

const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)/g)].map((m) => m[1]).sort();

/** Same keys, same placeholders, and every Russian plural in its four CLDR forms. */
export function itMatchesAcrossLanguages(english: Map<string, string>, russian: Map<string, string>): void {
  it('have the same keys in English and Russian', () => {
    expect([...russian.keys()].sort()).toEqual([...english.keys()].sort());
  });

  it('use the same placeholders in both languages, so no value is lost in translation', () => {
    for (const [key, text] of english) expect(placeholders(russian.get(key) ?? ''), key).toEqual(placeholders(text));
  });

  it('give every Russian plural its one, few, many and other forms', () => {
    for (const base of pluralBases(russian)) for (const form of ['one', 'few', 'many', 'other']) expect(russian.has(`${base}_${form}`), `${base}_${form}`).toBe(true);
  });
}

export function pluralBases(catalogue: Map<string, string>): string[] {
  return [...catalogue.keys()].filter((k) => k.endsWith('_one')).map((k) => k.slice(0, -4));
}
