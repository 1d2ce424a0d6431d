/**
 * The API the renderer sees as `window.thinCert`, derived from the channel
 * table, and the one function that builds it over any transport (the Electron
 * preload or the WebSocket bridge of the web host).
 */
import { CHANNEL_NAMES, EVENT_NAMES, type ChannelName, type EventName, type EventPayload, type RequestOf, type ResponseOf } from './channels';
import type { Result } from './errors';
import { parseEvent, parseResult } from './validate';

export type ThinCertApi = {
  [C in ChannelName]: (request: RequestOf<C>) => Promise<Result<ResponseOf<C>>>;
} & {
  /** Subscribes to a main → renderer event; returns the unsubscribe function. */
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
};

/** The raw transport: what a preload or a socket can do, knowing nothing of the schemas. */
export interface Transport {
  invoke(channel: ChannelName, request: unknown): Promise<unknown>;
  subscribe(event: EventName, listener: (payload: unknown) => void): () => void;
}

export function createApi(transport: Transport): ThinCertApi {
  const api: Record<string, unknown> = {};
  for (const channel of CHANNEL_NAMES) {
    api[channel] = async (request: unknown) => parseResult(channel, await transport.invoke(channel, request));
  }
  api.on = (event: EventName, listener: (payload: unknown) => void) => {
    if (!EVENT_NAMES.includes(event)) throw new Error(`unknown event ${String(event)}`);
    return transport.subscribe(event, (raw) => {
      const payload = parseEvent(event, raw);
      if (payload !== null) listener(payload);
    });
  };
  return api as ThinCertApi;
}
