/**
 * `verify --stdin` (issue 16 §1): JSON lines in, one chain each; JSON lines
 * out in the same order. A line that cannot be judged (not JSON, wrong shape,
 * unreadable PEM) gets an error line with its id and the rest go on.
 *
 * Speed comes from what is parsed once: a certificate's details
 * (chain-certificate.ts caches by DER), a what-if anchor set
 * (verify-anchors.ts caches by content), the store read once for the whole
 * run. Lines are judged in a bounded window and answered strictly in order,
 * so a judge that waits (a revocation fetch) overlaps with the next lines.
 * verify-batch.ts spreads large inputs over worker threads running this.
 */
import * as v from 'valibot';
import { PurposeSchema, HostSchema } from '../../../app/schemas';
import type { Purpose } from '../../../app/purposes';
import { IsoTimeSchema, parseIsoTime, type VerifyLineOutcome } from '../../../app/verify-channels';
import { certificateDers } from '../x509/parse';
import { MAX_CERTIFICATES } from '../x509/limits';
import { refusal } from '../../../app/errors';
import { isThinCertError } from '../errors';
import { judgeVerify, type VerifyDeps } from './verify-chain';
import type { StoredCertificate } from '../store/types';
import { whatIfStore } from './verify-anchors';
import { serverName } from './verify-request';

const PEM_LIST = v.pipe(v.array(v.pipe(v.string(), v.maxLength(1024 * 1024))), v.maxLength(MAX_CERTIFICATES));

const LineSchema = v.object({
  purpose: v.optional(PurposeSchema),
  chain: v.pipe(PEM_LIST, v.minLength(1, 'chain lists at least the leaf')),
  anchors: v.optional(PEM_LIST),
  name: v.optional(HostSchema),
  at: v.optional(IsoTimeSchema),
});

export type LineOutcome = VerifyLineOutcome;

export interface VerifyLinesOptions {
  /** The purpose of lines that name none (`verify PURPOSE --stdin`). */
  purpose?: Purpose;
  /** Lines judged ahead of the one being answered; default 16. */
  window?: number;
}

export interface VerifyLinesSummary {
  judged: number;
  untrusted: number;
  errors: number;
}

export function emptySummary(): VerifyLinesSummary {
  return { judged: 0, untrusted: 0, errors: 0 };
}

export function tally(summary: VerifyLinesSummary, outcome: LineOutcome): void {
  if ('error' in outcome) summary.errors++;
  else {
    summary.judged++;
    if (!outcome.trusted) summary.untrusted++;
  }
}

/** Judges every non-empty line, calling `answer` with each outcome in input order. */
export async function judgeLines(
  lines: Iterable<string>,
  deps: VerifyDeps,
  answer: (outcome: LineOutcome) => void,
  options: VerifyLinesOptions = {},
): Promise<void> {
  const window = Math.max(1, options.window ?? 16);
  const pending: Promise<LineOutcome>[] = [];
  for (const line of lines) {
    if (line.trim() === '') continue;
    pending.push(judgeLine(line, deps, options.purpose));
    if (pending.length >= window) answer(await (pending.shift() as Promise<LineOutcome>));
  }
  for (const outcome of pending) answer(await outcome);
}

/** PEM text → DER, bounded: the same intermediates and anchors come with thousands of lines. */
const dersByPem = new Map<string, Buffer[]>();
const anchorsByPem = new Map<string, StoredCertificate[]>();
const PEM_CACHE_LIMIT = 1024;

function remember<T>(cache: Map<string, T>, key: string, make: () => T): T {
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const value = make();
  if (cache.size >= PEM_CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  cache.set(key, value);
  return value;
}

function dersOfPem(pem: string): Buffer[] {
  return remember(dersByPem, pem, () => certificateDers(Buffer.from(pem, 'utf8')));
}

function anchorsOfPem(pems: readonly string[], purpose: Purpose): StoredCertificate[] {
  return remember(anchorsByPem, `${purpose}\n${pems.join('\n')}`, () => whatIfStore(pems.flatMap(dersOfPem), purpose));
}

export async function judgeLine(line: string, deps: VerifyDeps, defaultPurpose: Purpose | undefined): Promise<LineOutcome> {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { id: null, error: refusal('bad-json', 'This line is not JSON.') };
  }
  const id = typeof value === 'object' && value !== null && 'id' in value ? (value as { id: unknown }).id : null;
  const parsed = v.safeParse(LineSchema, value);
  if (!parsed.success) {
    const issue = parsed.issues[0];
    const path = issue.path?.map((step) => String(step.key)).join('.') ?? '';
    return { id, error: refusal('bad-line', `${path === '' ? 'The line' : path}: ${issue.message}`, { field: path }) };
  }
  const request = parsed.output;
  const purpose = request.purpose ?? defaultPurpose;
  if (purpose === undefined) {
    return { id, error: refusal('no-purpose', 'The line names no purpose and none was given on the command line.') };
  }
  try {
    const chain = request.chain.flatMap(dersOfPem);
    const anchors = request.anchors === undefined ? null : anchorsOfPem(request.anchors, purpose);
    const result = await judgeVerify(
      {
        purpose,
        chain,
        name: request.name === undefined ? null : serverName(request.name),
        at: request.at === undefined ? null : parseIsoTime(request.at),
        anchors,
      },
      deps,
    );
    return { id, trusted: result.trusted, by: result.by, reasons: result.reasons, warnings: result.warnings, nameChecked: result.nameChecked };
  } catch (error) {
    if (isThinCertError(error)) {
      return { id, error: { code: error.code, message: error.message, ...(error.params === undefined ? {} : { params: error.params }) } };
    }
    // A fault of ours on one chain is that line's answer: a fleet audit goes on with the rest.
    return { id, error: refusal('internal', `ThinCert could not judge this chain: ${error instanceof Error ? error.message : String(error)}`) };
  }
}
