/** The messages of the web host's WebSocket, validated on both ends. */
import * as v from 'valibot';

export const InvokeMessageSchema = v.strictObject({
  type: v.literal('invoke'),
  id: v.pipe(v.number(), v.integer(), v.minValue(0)),
  channel: v.pipe(v.string(), v.maxLength(64)),
  // JSON drops an undefined payload; the channel's own schema judges its absence.
  payload: v.optional(v.unknown()),
});

export const ServerMessageSchema = v.variant('type', [
  v.object({ type: v.literal('result'), id: v.number(), result: v.unknown() }),
  v.object({ type: v.literal('event'), event: v.string(), payload: v.unknown() }),
]);

export type InvokeMessage = v.InferOutput<typeof InvokeMessageSchema>;
export type ServerMessage = v.InferOutput<typeof ServerMessageSchema>;

/** A page may send at most this much in one message; the largest request is a pasted PEM. */
export const MAX_MESSAGE_BYTES = 4 * 1024 * 1024;
