/**
 * What the IPC fuzz tests (issue 13) throw at every channel of the contract,
 * and how they prove a refusal changed nothing: shared by the Electron IPC
 * handler's test and the web host's WebSocket test, so both transports face
 * the same payloads.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import * as v from 'valibot';
import { channels, type ChannelName } from '../../../app/channels';
import { ErrorShapeSchema } from '../../../app/errors';
import { parseRequest } from '../../../app/validate';

/**
 * Channels that only read local state: a payload that happens to be valid may
 * run on them. Every other channel (a new one too) may write the store or
 * reach the network, so the fuzz only ever sends it payloads the contract refuses.
 */
export const READ_ONLY_CHANNELS: ReadonlySet<ChannelName> = new Set(['status', 'list', 'show', 'exportBundle', 'settings', 'auditList', 'managementStatus']);

/** A string bigger than any field allows (pasted PEM: 2 MiB), still under the web host's frame limit. */
export const HUGE_STRING = 'A'.repeat(2 * 1024 * 1024 + 1);

/**
 * `depth` arrays and objects inside one another, built without recursion. It
 * describes itself to fast-check in a few words: printing it whole in a
 * failure report would overflow the stack and hide the failure.
 */
export function deeplyNested(depth: number): unknown {
  let value: object = { purpose: 'bottom' };
  for (let i = 0; i < depth; i += 1) value = i % 2 === 0 ? [value] : { purpose: value };
  Object.defineProperty(value, fc.toStringMethod, { value: () => `<${depth} levels of nested arrays and objects>`, enumerable: false });
  return value;
}

function fieldNames(channel: ChannelName): string[] {
  const request: unknown = channels[channel].request;
  const entries = (request as { entries?: Record<string, unknown> }).entries;
  return entries ? Object.keys(entries) : [];
}

/**
 * Payloads for one channel: anything at all, objects with the channel's own
 * field names holding wrong things, extra fields, huge strings and deep nesting.
 * `json` keeps to what JSON can carry (the WebSocket); otherwise anything the
 * structured clone of Electron IPC can deliver.
 */
export function payloadArbitrary(channel: ChannelName, options: { json: boolean }): fc.Arbitrary<unknown> {
  const value: fc.Arbitrary<unknown> = options.json
    ? fc.jsonValue({ maxDepth: 4 })
    : fc.anything({ maxDepth: 4, withBigInt: true, withBoxedValues: true, withDate: true, withMap: true, withSet: true, withNullPrototype: true, withTypedArray: true, withSparseArray: true });
  const names = fieldNames(channel);
  // Huge strings cost time on the wire: they are rare here and certain in fuzzExamples.
  const fieldValue = fc.oneof(
    { weight: 8, arbitrary: value },
    { weight: 1, arbitrary: fc.constant(HUGE_STRING) },
    fc.constant(deeplyNested(options.json ? 1_000 : 2_000)),
    fc.string({ unit: 'binary', maxLength: 300 }),
    fc.constantFrom(-1, 0, 1.5, 65_536, Number.MAX_SAFE_INTEGER, '', 'rdp', 'pem', '../../etc/passwd', '127.0.0.1'),
  );
  const shaped = names.length
    ? fc.dictionary(fc.constantFrom(...names), fieldValue, { minKeys: 1, maxKeys: names.length })
    : fc.constant({});
  const withExtra = fc.tuple(shaped, fc.string({ minLength: 1, maxLength: 20 }), fieldValue).map(([base, key, extra]) => ({ ...base, [key]: extra }));
  return fc.oneof(
    { weight: 3, arbitrary: value },
    { weight: 3, arbitrary: shaped },
    { weight: 3, arbitrary: withExtra },
    { weight: 1, arbitrary: fc.constantFrom(null, undefined, 0, true, 'status', [], [{}]) },
  );
}

/**
 * The extremes every channel gets on every run, whatever the random draw:
 * a huge string, each field huge, deep nesting, nothing at all.
 */
export function fuzzExamples(channel: ChannelName, options: { json: boolean }): [unknown][] {
  const everyFieldHuge = Object.fromEntries(fieldNames(channel).map((name) => [name, HUGE_STRING.slice(0, options.json ? 256 * 1024 : undefined)]));
  // JSON.stringify gives up a little beyond 2,000 levels; structured clone goes deeper.
  const deep = deeplyNested(options.json ? 1_500 : 10_000);
  return [[HUGE_STRING], [{ ...everyFieldHuge, extra: HUGE_STRING.slice(0, 1024) }], [deep], [{ [fieldNames(channel)[0] ?? 'x']: deep }], [undefined]];
}

/** Whether `payload` is one the contract accepts for `channel`, judged by the same door the Service uses. */
export function isValidRequest(channel: ChannelName, payload: unknown): boolean {
  return parseRequest(channel, payload).ok;
}

/** A channel's payload the fuzz may send: refused by the contract, or valid on a read-only channel. */
export function mayRun(channel: ChannelName, payload: unknown): boolean {
  return READ_ONLY_CHANNELS.has(channel) || !isValidRequest(channel, payload);
}

/**
 * Checks an answer against what the payload deserved: a refusal is exactly
 * the contract's error envelope with `bad-request`; a valid read gets an envelope.
 */
export function expectedAnswerProblem(channel: ChannelName, payload: unknown, answer: unknown): string | null {
  if (typeof answer !== 'object' || answer === null || !('ok' in answer)) return `not an envelope: ${String(answer)}`;
  const envelope = answer as { ok: unknown; error?: unknown; value?: unknown };
  if (isValidRequest(channel, payload)) {
    if (envelope.ok === true) return 'value' in envelope ? null : 'ok without a value';
    return envelope.ok === false && v.is(ErrorShapeSchema, envelope.error) ? null : 'a malformed error';
  }
  if (envelope.ok !== false) return 'a refused payload was answered ok';
  if (!v.is(ErrorShapeSchema, envelope.error)) return `a malformed error: ${JSON.stringify(envelope.error)}`;
  return envelope.error.code === 'bad-request' ? null : `code ${envelope.error.code}, expected bad-request`;
}

/** Every file under `dir` with the SHA-256 of its bytes, by path: equal snapshots mean an unchanged store. */
export function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (folder: string) => {
    for (const name of readdirSync(folder)) {
      const full = path.join(folder, name);
      if (statSync(full).isDirectory()) walk(full);
      else files[path.relative(dir, full)] = createHash('sha256').update(readFileSync(full)).digest('hex');
    }
  };
  if (existsSync(dir)) walk(dir);
  return files;
}

/**
 * The data folder once it has stopped changing: a host writes derived files
 * (trust bundles) in the background after it starts, and that is not the fuzz's doing.
 */
export async function settledSnapshot(dir: string, timeoutMs = 15_000): Promise<Record<string, string>> {
  const deadline = Date.now() + timeoutMs;
  let previous = JSON.stringify(snapshot(dir));
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 300));
    const current = JSON.stringify(snapshot(dir));
    if (current === previous) return snapshot(dir);
    if (Date.now() > deadline) throw new Error(`${dir} kept changing for ${timeoutMs} ms`);
    previous = current;
  }
}
