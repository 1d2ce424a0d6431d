/**
 * Errors are values with a stable code, a human message (English) and the
 * parameters the message was made from, so each boundary can show it in its
 * own way: the CLI prints `message`, the renderer translates `code` + `params`.
 * Every code and its params are listed in error-codes.ts. On the wire a code
 * stays a string: a code the renderer has no words for still shows main's message.
 */
import * as v from 'valibot';
import type { ErrorCode, NeedsParams, ParamsOf } from './error-codes';

export const ErrorParamsSchema = v.record(v.string(), v.union([v.string(), v.number()]));

export const ErrorShapeSchema = v.object({
  code: v.string(),
  message: v.string(),
  params: v.optional(ErrorParamsSchema),
});

export type ErrorShape = v.InferOutput<typeof ErrorShapeSchema>;
export type ErrorParams = v.InferOutput<typeof ErrorParamsSchema>;

/** Codes every transport may produce, whatever the channel. */
export const TRANSPORT_ERRORS = {
  badRequest: 'bad-request',
  badResponse: 'bad-response',
  unknownChannel: 'unknown-channel',
  disconnected: 'disconnected',
  internal: 'internal',
} as const satisfies Record<string, ErrorCode>;

/**
 * An error made outside main's ThinCertError (a transport, a host, the
 * renderer's own check of a field), typed by the same list: a code not in it,
 * or a parameter it does not have, does not compile.
 */
export function refusal<C extends ErrorCode>(
  code: C,
  message: string,
  ...[params]: NeedsParams<C> extends true ? [params: ParamsOf<C>] : [params?: ParamsOf<C>]
): ErrorShape {
  // Optional params are left out, never set to undefined, so they are plain wire values.
  return params === undefined ? { code, message } : { code, message, params: params as ErrorParams };
}

/** The one envelope every channel answers with. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorShape };

