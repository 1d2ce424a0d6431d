/** Runtime validation at the boundaries, for both directions of every channel. */
import * as v from 'valibot';
import { channels, events, type ChannelName, type EventName, type EventPayload, type RequestOf, type ResponseOf } from './channels';
import { TRANSPORT_ERRORS, ErrorShapeSchema, type Result } from './errors';

function describeIssues(issues: readonly v.BaseIssue<unknown>[]): string {
  const first = issues[0];
  if (!first) return 'invalid';
  const path = first.path?.map((p) => String(p.key)).join('.') ?? '';
  return path ? `${path}: ${first.message}` : first.message;
}

export function parseRequest<C extends ChannelName>(
  channel: C,
  payload: unknown,
): Result<RequestOf<C>> {
  const parsed = v.safeParse(channels[channel].request, payload ?? {});
  if (parsed.success) return { ok: true, value: parsed.output as RequestOf<C> };
  return {
    ok: false,
    error: {
      code: TRANSPORT_ERRORS.badRequest,
      message: `Invalid request for ${channel}: ${describeIssues(parsed.issues)}`,
    },
  };
}

/** Checks an answer from main, so a renderer never renders something it did not expect. */
export function parseResult<C extends ChannelName>(channel: C, raw: unknown): Result<ResponseOf<C>> {
  if (typeof raw === 'object' && raw !== null && 'ok' in raw) {
    const envelope = raw as { ok: unknown; value?: unknown; error?: unknown };
    if (envelope.ok === true) {
      const parsed = v.safeParse(channels[channel].response, envelope.value);
      if (parsed.success) return { ok: true, value: parsed.output as ResponseOf<C> };
      return {
        ok: false,
        error: {
          code: TRANSPORT_ERRORS.badResponse,
          message: `Unexpected answer for ${channel}: ${describeIssues(parsed.issues)}`,
        },
      };
    }
    const error = v.safeParse(ErrorShapeSchema, envelope.error);
    if (error.success) return { ok: false, error: error.output };
  }
  return { ok: false, error: { code: TRANSPORT_ERRORS.badResponse, message: `Malformed answer for ${channel}` } };
}

export function parseEvent<E extends EventName>(event: E, payload: unknown): EventPayload<E> | null {
  const parsed = v.safeParse(events[event], payload);
  return parsed.success ? (parsed.output as EventPayload<E>) : null;
}

