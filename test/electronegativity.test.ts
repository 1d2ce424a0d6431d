/**
 * The electronegativity gate of `npm test` (scripts/electronegativity.mjs):
 * it passes on main/ and it really fails on an insecure window, so a green
 * run means something.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DISABLED, parseCsv } from '../scripts/electronegativity.mjs';

const root = path.resolve(__dirname, '..');
const script = path.join(root, 'scripts', 'electronegativity.mjs');

describe('electronegativity gate', () => {
  it('every disabled finding carries its reason', () => {
    for (const entry of DISABLED) expect(entry.reason.length, entry.id).toBeGreaterThan(40);
  });

  it("reads the tool's CSV, quoted commas included", () => {
    const rows = parseCsv('issue, severity, sample\nX_CHECK,"HIGH","a, b"\n');
    expect(rows).toEqual([{ issue: 'X_CHECK', severity: 'HIGH', sample: 'a, b' }]);
  });

  it('fails on an insecure BrowserWindow, naming the findings', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'thincert-insecure-'));
    try {
      writeFileSync(
        path.join(dir, 'main.js'),
        "const { BrowserWindow } = require('electron');\nnew BrowserWindow({ webPreferences: { contextIsolation: false, sandbox: false, nodeIntegration: true } });\n",
      );
      const result = spawnSync(process.execPath, [script, '--input', dir], { cwd: root, encoding: 'utf8', timeout: 120_000 });
      expect(result.status).toBe(1);
      expect(result.stdout).toContain('FAIL CONTEXT_ISOLATION_JS_CHECK');
      expect(result.stdout).toContain('FAIL SANDBOX_JS_CHECK');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
