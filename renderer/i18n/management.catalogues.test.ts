import { describe, expect, it } from 'vitest';
import { managementEn } from './management.en';
import { managementRu } from './management.ru';
import { en } from './en';

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

describe('management catalogues', () => {
  const english = leaves(managementEn);
  const russian = leaves(managementRu);

  it('have the same keys in English and Russian', () => {
    expect([...russian.keys()].sort()).toEqual([...english.keys()].sort());
  });

  it('use the same placeholders in both languages', () => {
    for (const [key, text] of english) expect(placeholders(russian.get(key) ?? ''), key).toEqual(placeholders(text));
  });

  it('give every Russian plural its one, few, many and other forms', () => {
    const plurals = [...russian.keys()].filter((k) => k.endsWith('_one')).map((k) => k.slice(0, -4));
    for (const base of plurals) for (const form of ['one', 'few', 'many', 'other']) expect(russian.has(`${base}_${form}`), `${base}_${form}`).toBe(true);
  });

  it('add one top-level key that the app catalogue does not use, so merging shadows nothing', () => {
    expect(Object.keys(managementEn)).toEqual(['mgmt']);
    expect(Object.keys(en)).not.toContain('mgmt');
  });
});
