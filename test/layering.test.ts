import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';
import path from 'node:path';

const root = path.resolve(__dirname, '..');
const eslint = new ESLint({ cwd: root });

async function problems(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('the layering lint rule', () => {
  it('fails when main/core imports electron', async () => {
    expect(await problems('main/core/x.ts', "import { app } from 'electron';\nexport const a = app;\n")).toHaveLength(1);
  });
  it('fails when main/core imports a host', async () => {
    expect(await problems('main/core/x.ts', "import { registerIpc } from '../electron/ipc';\nexport const a = registerIpc;\n")).toHaveLength(1);
  });
  it('fails when the renderer imports a Node built-in or main/', async () => {
    expect(await problems('renderer/x.ts', "import fs from 'node:fs';\nexport const a = fs;\n")).toHaveLength(1);
    expect(await problems('renderer/x.ts', "import path from 'path';\nexport const a = path;\n")).toHaveLength(1);
    expect(await problems('renderer/x.ts', "import { createService } from '../main/core/create-service';\nexport const a = createService;\n")).toHaveLength(1);
  });
  it('fails when app/ imports Node or our other layers', async () => {
    expect(await problems('app/x.ts', "import crypto from 'node:crypto';\nexport const a = crypto;\n")).toHaveLength(1);
    expect(await problems('app/x.ts', "import { Service } from '../main/core/service';\nexport const a = Service;\n")).toHaveLength(1);
  });
  it('lets the Electron host import electron and the core', async () => {
    expect(await problems('main/electron/x.ts', "import { app } from 'electron';\nimport { Service } from '../core/service';\nexport const a = [app, Service];\n")).toEqual([]);
  });
});
