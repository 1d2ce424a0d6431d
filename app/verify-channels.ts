/**
 * `verifyChain` (issue 16 §1): the trust engine on a chain no server
 * presented — a file from removable media (through its preview) or pasted PEM.
 * Spread into the one table in app/channels.ts.
 */
import * as v from 'valibot';
import { CertificateSchema, HostSchema, PurposeSchema, ReasonSchema } from './schemas';

/** The most text a paste may carry (the same bound as CertificateInputSchema's). */
const MAX_PEM_CHARS = 2 * 1024 * 1024;

/** ISO 8601: a day, or a day and time with an optional zone (no zone: UTC). */
const ISO_TIME = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

export function isIsoTime(text: string): boolean {
  return ISO_TIME.test(text) && realDay(text) && !Number.isNaN(parseIsoTime(text).getTime());
}

/** Date would roll 2027-02-30 over into March; a person who typed it meant something else. */
function realDay(text: string): boolean {
  const [year, month, day] = text.slice(0, 10).split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** A day alone is midnight UTC; a time without a zone is UTC too (a thin client's clock is UTC). */
export function parseIsoTime(text: string): Date {
  if (text.length === 10) return new Date(`${text}T00:00:00Z`);
  const normalized = text.replace(' ', 'T');
  const hasZone = /(?:Z|[+-]\d{2}:?\d{2})$/.test(normalized.slice(11));
  return new Date(hasZone ? normalized : `${normalized}Z`);
}

export const IsoTimeSchema = v.pipe(v.string(), v.maxLength(40), v.check(isIsoTime, 'a time is ISO 8601, e.g. 2027-01-31 or 2027-01-31T12:00:00Z'));

const Judged = {
  purpose: PurposeSchema,
  /** The server name to check the leaf against; absent: not checked, and the answer says so. */
  name: v.optional(HostSchema),
  /** Judge at this time instead of now. */
  at: v.optional(IsoTimeSchema),
};

export const VerifyResultSchema = v.object({
  purpose: PurposeSchema,
  name: v.nullable(v.string()),
  /** false when no name was given: a chain trusted through an anchor was not matched against any name. */
  nameChecked: v.boolean(),
  /** The time judged at. */
  at: v.string(),
  trusted: v.boolean(),
  by: v.nullable(v.picklist(['pinned-leaf', 'anchor'])),
  reasons: v.array(ReasonSchema),
  /** Reasons that did not stop trust (revocation status unknown in soft mode), as `check` answers them. */
  warnings: v.array(ReasonSchema),
  chain: v.array(CertificateSchema),
  durationMs: v.number(),
});

export const verifyChannels = {
  /** Judges a chain (leaf first) as if a server had presented it; stores nothing. */
  verifyChain: {
    request: v.union([
      v.strictObject({
        ...Judged,
        chainPem: v.pipe(v.string(), v.minLength(1), v.maxLength(MAX_PEM_CHARS)),
        /** A what-if: judge against these anchors and pins instead of the stored ones. */
        anchorsPem: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(MAX_PEM_CHARS))),
      }),
      v.strictObject({ ...Judged, previewId: v.pipe(v.string(), v.minLength(1), v.maxLength(100)) }),
    ]),
    response: VerifyResultSchema,
  },
} as const;

export type VerifyResult = v.InferOutput<typeof VerifyResultSchema>;

/** Why one `verify --stdin` line got no verdict: bad-json, bad-line, no-purpose, internal, or a refusal's code (app/error-codes.ts: not-a-certificate, …). */
export const VerifyLineErrorSchema = v.object({
  code: v.string(),
  message: v.string(),
  params: v.optional(v.record(v.string(), v.union([v.string(), v.number()]))),
});

/** One answered line, with the id the line carried (anything JSON; null when the line was not JSON). */
export const VerifyLineOutcomeSchema = v.union([
  v.object({
    id: v.unknown(),
    trusted: v.boolean(),
    by: VerifyResultSchema.entries.by,
    reasons: v.array(ReasonSchema),
    warnings: v.array(ReasonSchema),
    nameChecked: v.boolean(),
  }),
  v.object({ id: v.unknown(), error: VerifyLineErrorSchema }),
]);

/**
 * `verify --stdin` (issue 16 §1) as one main-only call (spread into
 * app/main-channels.ts): a fleet audit's lines are the CLI's bytes, not
 * something the renderer sends. Lines in, one outcome per non-empty line out,
 * in input order; a line that cannot be judged gets its error outcome and
 * does not stop the rest.
 */
export const verifyMainChannels = {
  verifyBatch: {
    request: v.strictObject({
      /** JSON lines as read (`{"id", "purpose"?, "chain", "anchors"?, "name"?, "at"?}`); blank ones are skipped. */
      lines: v.array(v.string()),
      /** The purpose of lines that name none (`verify PURPOSE --stdin`). */
      purpose: v.optional(PurposeSchema),
    }),
    response: v.object({
      outcomes: v.array(VerifyLineOutcomeSchema),
      judged: v.number(),
      untrusted: v.number(),
      errors: v.number(),
    }),
  },
} as const;

export type VerifyLineError = v.InferOutput<typeof VerifyLineErrorSchema>;
export type VerifyLineOutcome = v.InferOutput<typeof VerifyLineOutcomeSchema>;
export type VerifyBatchResult = v.InferOutput<(typeof verifyMainChannels)['verifyBatch']['response']>;
