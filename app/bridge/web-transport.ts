/**
 * The web bridge: the contract over the web host's WebSocket. It knows only the
 * wire format; createApi (app/api.ts) adds the per-channel validation, exactly
 * as it does over the Electron preload.
 */
import * as v from 'valibot';
import type { Transport } from '../api';
import { TRANSPORT_ERRORS } from '../errors';
import { ServerMessageSchema, type InvokeMessage } from './wire';
import type { ChannelName, EventName } from '../channels';

/** The part of the DOM WebSocket this bridge uses (app/ has no DOM types). */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  addEventListener(type: 'open' | 'close' | 'error', listener: () => void): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
}

const CONNECTING = 0;
const OPEN = 1;

export function createWebTransport(connect: () => SocketLike): Transport {
  let socket: SocketLike | null = null;
  let ready: Promise<SocketLike> | null = null;
  let nextId = 1;
  const pending = new Map<number, (result: unknown) => void>();
  const subscribers = new Map<string, Set<(payload: unknown) => void>>();

  function failPending(): void {
    for (const resolve of pending.values()) {
      resolve({ ok: false, error: { code: TRANSPORT_ERRORS.disconnected, message: 'The connection to ThinCert was lost.' } });
    }
    pending.clear();
  }

  function open(): Promise<SocketLike> {
    // A socket still connecting is the one to wait for: each call before it opened used to open another,
    // and main then sent every event once per socket.
    if (socket && (socket.readyState === OPEN || socket.readyState === CONNECTING) && ready) return ready;
    ready = new Promise((resolve, reject) => {
      const s = connect();
      socket = s;
      s.addEventListener('open', () => resolve(s));
      s.addEventListener('error', () => reject(new Error('socket error')));
      s.addEventListener('close', () => {
        socket = null;
        ready = null;
        failPending();
      });
      s.addEventListener('message', (event) => {
        if (typeof event.data !== 'string') return;
        let raw: unknown;
        try {
          raw = JSON.parse(event.data);
        } catch {
          return; // not ours: the server only sends JSON
        }
        const message = v.safeParse(ServerMessageSchema, raw);
        if (!message.success) return;
        if (message.output.type === 'result') {
          const resolve = pending.get(message.output.id);
          pending.delete(message.output.id);
          resolve?.(message.output.result);
        } else {
          for (const listener of subscribers.get(message.output.event) ?? []) listener(message.output.payload);
        }
      });
    });
    return ready;
  }

  return {
    async invoke(channel: ChannelName, payload: unknown): Promise<unknown> {
      let s: SocketLike;
      try {
        s = await open();
      } catch {
        return { ok: false, error: { code: TRANSPORT_ERRORS.disconnected, message: 'ThinCert is not reachable.' } };
      }
      const id = nextId++;
      const message: InvokeMessage = { type: 'invoke', id, channel, payload };
      return new Promise((resolve) => {
        pending.set(id, resolve);
        s.send(JSON.stringify(message));
      });
    },
    subscribe(event: EventName, listener: (payload: unknown) => void): () => void {
      const set = subscribers.get(event) ?? new Set();
      set.add(listener);
      subscribers.set(event, set);
      void open().catch(() => undefined);
      return () => set.delete(listener);
    },
  };
}
