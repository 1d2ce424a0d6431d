/**
 * Issue 13, IPC fuzz, Electron side: every channel of the table, through the
 * very handlers registerIpc gives ipcMain (no Electron binary: a recording
 * ipcMain and an event from our own frame), refuses malformed payloads with
 * the contract's error and leaves the data folder byte for byte as it was.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { CHANNEL_NAMES, IPC_PREFIX } from '../../app/channels';
import { createService } from '../core/create-service';
import type { Service } from '../core/service';
import { expectedAnswerProblem, fuzzExamples, mayRun, payloadArbitrary, settledSnapshot, snapshot } from '../hosts/test-support/contract-fuzz';
import { registerIpc } from './ipc';
import { APP_ENTRY } from './sender';

/** Whatever ipcMain registerIpc accepts, and the handlers it registers there. */
type Registry = Parameters<typeof registerIpc>[0];
type Handler = Parameters<Registry['handle']>[1];
type InvokeEvent = Parameters<Handler>[0];

let scratch: string;
let dataDir: string;
let service: Service;
const handlers = new Map<string, Handler>();

/** The part of ipcMain registerIpc uses, recording what it registers. */
const recordingIpcMain = {
  handle: (name: string, handler: Handler) => handlers.set(name, handler),
  removeHandler: (name: string) => handlers.delete(name),
} as unknown as Registry;

/** An invocation from the main frame (no parent) showing `url`. */
function eventFrom(url: string): InvokeEvent {
  return { senderFrame: { url, parent: null } } as unknown as InvokeEvent;
}

let before: Record<string, string>;

beforeAll(async () => {
  scratch = mkdtempSync(path.join(os.tmpdir(), 'thincert-ipc-fuzz-'));
  dataDir = path.join(scratch, 'data');
  service = createService({ dataDir, mediaDirs: [path.join(scratch, 'media')] });
  registerIpc(recordingIpcMain, service);
  await service.dispatch('status', {}, { actor: 'ui' }); // whatever a first open writes belongs to "before"
  before = await settledSnapshot(dataDir);
});

afterAll(async () => {
  await service.close();
  rmSync(scratch, { recursive: true, force: true });
});

function handlerOf(channel: string): Handler {
  const handler = handlers.get(`${IPC_PREFIX}${channel}`);
  if (!handler) throw new Error(`registerIpc registered no handler for ${channel}`);
  return handler;
}

describe('Electron IPC under arbitrary payloads', () => {
  it('registers one handler per channel of the table', () => {
    expect([...handlers.keys()].sort()).toEqual(CHANNEL_NAMES.map((channel) => `${IPC_PREFIX}${channel}`).sort());
  });

  for (const channel of CHANNEL_NAMES) {
    it(`${channel}: refuses malformed payloads with the contract's error and changes nothing`, async () => {
      const handler = handlerOf(channel);
      await fc.assert(
        fc.asyncProperty(payloadArbitrary(channel, { json: false }), async (payload) => {
          fc.pre(mayRun(channel, payload));
          const answer = await handler(eventFrom(APP_ENTRY), payload);
          const problem = expectedAnswerProblem(channel, payload, answer);
          if (problem) throw new Error(problem);
        }),
        { numRuns: 30, examples: fuzzExamples(channel, { json: false }) },
      );
      expect(snapshot(dataDir)).toEqual(before);
    });
  }

  it('refuses every channel from a frame that is not ThinCert, whatever the payload', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...CHANNEL_NAMES), fc.jsonValue({ maxDepth: 3 }), fc.constantFrom('https://evil.example/', 'file:///etc/passwd', 'app://thincert.evil/', ''), async (channel, payload, url) => {
        expect(await handlerOf(channel)(eventFrom(url), payload)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      }),
      { numRuns: 40 },
    );
    expect(snapshot(dataDir)).toEqual(before);
  });
});
