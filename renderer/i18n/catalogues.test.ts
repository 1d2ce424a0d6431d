import { describe, expect, it } from 'vitest';
import { en } from './en';
import { ru } from './ru';

function leaves(tree: object, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else if (value && typeof value === 'object') for (const [k, v] of leaves(value, path)) out.set(k, v);
  }
  return out;
}

const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)/g)].map((m) => m[1]).sort();

describe('message catalogues', () => {
  const english = leaves(en);
  const russian = leaves(ru);

  it('have the same keys in English and Russian', () => {
    expect([...russian.keys()].sort()).toEqual([...english.keys()].sort());
  });

  it('use the same placeholders in both languages, so no value is lost in translation', () => {
    for (const [key, text] of english) expect(placeholders(russian.get(key) ?? ''), key).toEqual(placeholders(text));
  });

  it('give every Russian plural its one, few, many and other forms', () => {
    const plurals = [...russian.keys()].filter((k) => k.endsWith('_one')).map((k) => k.slice(0, -4));
    expect(plurals.length).toBeGreaterThan(5);
    for (const base of plurals) for (const form of ['one', 'few', 'many', 'other']) expect(russian.has(`${base}_${form}`), `${base}_${form}`).toBe(true);
  });
});
