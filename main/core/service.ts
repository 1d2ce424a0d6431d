/**
 * The one implementation of the contract (app/channels.ts). Hosts (Electron IPC,
 * the web host's WebSocket, the CLI) only adapt their transport to `dispatch`
 * or `call`; every rule lives behind this door.
 */
import { channels, type ChannelName, type EventName, type EventPayload, type RequestOf, type ResponseOf } from '../../app/channels';
import { TRANSPORT_ERRORS, type Result } from '../../app/errors';
import { isChannelName } from '../../app/channels';
import { parseRequest } from '../../app/validate';
import * as v from 'valibot';
import type { Clock } from './clock';
import { isThinCertError } from './errors';

/** Who asked: recorded in the audit trail (issue 10) and used for managed-mode wording. */
export type Actor = 'ui' | 'cli' | 'policy';

export interface CallContext {
  actor: Actor;
}

export type Handler<C extends ChannelName> = (request: RequestOf<C>, call: CallContext) => Promise<ResponseOf<C>>;
export type Handlers = { [C in ChannelName]: Handler<C> };

export interface CoreContext {
  readonly dataDir: string;
  readonly clock: Clock;
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
}

type Listener = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

export class Service<Extensions extends object = object> {
  readonly context: CoreContext;
  private readonly handlers: Handlers;
  /** Capabilities main-side callers (the CLI) use beyond the channels, e.g. adding raw DER bytes. */
  readonly extensions: Extensions;
  private readonly listeners = new Set<Listener>();
  private readonly closers: (() => Promise<void> | void)[] = [];

  constructor(context: Omit<CoreContext, 'emit'>, build: (context: CoreContext) => { handlers: Handlers; extensions: Extensions; close?: () => Promise<void> | void }) {
    this.context = {
      ...context,
      emit: (event, payload) => {
        for (const listener of this.listeners) listener(event, payload);
      },
    };
    const built = build(this.context);
    this.handlers = built.handlers;
    this.extensions = built.extensions;
    if (built.close) this.closers.push(built.close);
  }

  /** Typed call from inside main (the CLI, tests); throws ThinCertError on refusal. */
  async call<C extends ChannelName>(channel: C, request: RequestOf<C>, call: CallContext): Promise<ResponseOf<C>> {
    const handler = this.handlers[channel] as Handler<C>;
    return handler(request, call);
  }

  /**
   * The boundary for untrusted transports: validates the request, runs it,
   * validates the answer (a bug in main must not reach the renderer as a shape
   * it does not expect), and turns every failure into an error value.
   */
  async dispatch(channel: unknown, payload: unknown, call: CallContext): Promise<Result<unknown>> {
    if (!isChannelName(channel)) {
      return { ok: false, error: { code: TRANSPORT_ERRORS.unknownChannel, message: `No such channel: ${String(channel).slice(0, 64)}` } };
    }
    const request = parseRequest(channel, payload);
    if (!request.ok) return request;
    try {
      const value = await this.call(channel, request.value, call);
      const checked = v.safeParse(channels[channel].response, value);
      if (!checked.success) {
        return { ok: false, error: { code: TRANSPORT_ERRORS.internal, message: `Internal error: ${channel} produced an invalid answer` } };
      }
      return { ok: true, value: checked.output };
    } catch (error) {
      if (isThinCertError(error)) return { ok: false, error: error.toShape() };
      return { ok: false, error: { code: TRANSPORT_ERRORS.internal, message: `Internal error: ${error instanceof Error ? error.message : String(error)}` } };
    }
  }

  async close(): Promise<void> {
    for (const closer of this.closers.splice(0)) await closer();
    this.listeners.clear();
  }

  onEvent(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

