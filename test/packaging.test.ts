import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import { parse } from 'yaml';

const root = path.resolve(__dirname, '..');
const config = parse(readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as Record<string, unknown>;

describe('electron-builder.yml', () => {
  it("validates against electron-builder's own schema (app-builder-lib/scheme.json)", () => {
    const schema = JSON.parse(readFileSync(path.join(root, 'node_modules/app-builder-lib/scheme.json'), 'utf8')) as object;
    const ajv = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true });
    const validate = ajv.compile(schema);
    const valid = validate(config);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('builds AppImages for x64 and arm64 with an asar', () => {
    expect(config.productName).toBe('ThinCert');
    expect(config.asar).toBe(true);
    const linux = config.linux as { target: { target: string; arch: string[] }[] };
    expect(linux.target).toEqual([{ target: 'AppImage', arch: ['x64', 'arm64'] }]);
  });

  it('sets directories explicitly, so the top-level app/ is not taken for the application folder', () => {
    expect(config.directories).toMatchObject({ app: '.', output: 'dist' });
  });

  it('packages only built output: no sources, web host, simulator, maps or node_modules', () => {
    const files = config.files as string[];
    expect(files.filter((f) => !f.startsWith('!')).every((f) => f === 'package.json' || f.startsWith('out/'))).toBe(true);
    for (const excluded of ['!out/web/**', '!out/sim/**', '!**/*.map', '!node_modules/**']) expect(files).toContain(excluded);
  });

  it('keeps app/ free of a package.json', () => {
    expect(() => readFileSync(path.join(root, 'app', 'package.json'))).toThrow();
  });
});
