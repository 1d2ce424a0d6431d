/**
 * The one implementation of the contract (app/channels.ts) and of the main-only
 * channels (app/main-channels.ts). Hosts (Electron IPC, the web host's
 * WebSocket, the CLI) only adapt their transport to `dispatch` or `call`; every
 * rule lives behind this door.
 */
import { isChannelName, type ChannelName, type EventName, type EventPayload, type RequestOf, type ResponseOf } from '../../app/channels';
import type { MainChannelName, MainRequestOf, MainResponseOf } from '../../app/main-channels';
import { TRANSPORT_ERRORS, type Result } from '../../app/errors';
import { parseRequest } from '../../app/validate';
import type { Clock } from './clock';
import { isThinCertError } from './errors';

/** Who asked: recorded in the audit trail (issue 10) and used for managed-mode wording. */
export type Actor = 'ui' | 'cli' | 'policy';

export interface CallContext {
  actor: Actor;
}

export type Handler<C extends ChannelName> = (request: RequestOf<C>, call: CallContext) => Promise<ResponseOf<C>>;
export type Handlers = { [C in ChannelName]: Handler<C> };
export type MainHandler<C extends MainChannelName> = (request: MainRequestOf<C>, call: CallContext) => Promise<MainResponseOf<C>>;
export type MainHandlers = { [C in MainChannelName]: MainHandler<C> };

/** Either table's request and answer, by name (the names of the two tables never collide). */
export type AnyChannelName = ChannelName | MainChannelName;
export type AnyRequestOf<C extends AnyChannelName> = C extends ChannelName ? RequestOf<C> : C extends MainChannelName ? MainRequestOf<C> : never;
export type AnyResponseOf<C extends AnyChannelName> = C extends ChannelName ? ResponseOf<C> : C extends MainChannelName ? MainResponseOf<C> : never;

export interface CoreContext {
  readonly dataDir: string;
  readonly clock: Clock;
  /** The one emitter of main → renderer events. */
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
}

type Listener = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

/** Both tables' handlers, by name. */
export type AllHandlers = Handlers & MainHandlers;

export interface BuiltService {
  handlers: AllHandlers;
  close?: () => Promise<void> | void;
}

export class Service {
  readonly context: CoreContext;
  private readonly handlers: AllHandlers;
  private readonly listeners = new Set<Listener>();
  private readonly closers: (() => Promise<void> | void)[] = [];

  constructor(context: Omit<CoreContext, 'emit'>, build: (context: CoreContext) => BuiltService) {
    this.context = {
      ...context,
      emit: (event, payload) => {
        for (const listener of this.listeners) listener(event, payload);
      },
    };
    const built = build(this.context);
    this.handlers = built.handlers;
    if (built.close) this.closers.push(built.close);
  }

  /** Typed call from inside main (the CLI, tests): either table; throws ThinCertError on refusal. */
  async call<C extends AnyChannelName>(channel: C, request: AnyRequestOf<C>, call: CallContext): Promise<AnyResponseOf<C>> {
    const handler = this.handlers[channel] as unknown as (request: AnyRequestOf<C>, call: CallContext) => Promise<AnyResponseOf<C>>;
    return handler(request, call);
  }

  /**
   * The boundary for untrusted transports: only app/channels.ts's names (a
   * main-only name is as unknown here as a made-up one), the request validated,
   * every failure turned into an error value. The answer is validated once, by
   * the side that receives it (app/api.ts).
   */
  async dispatch(channel: unknown, payload: unknown, call: CallContext): Promise<Result<unknown>> {
    if (!isChannelName(channel)) {
      return { ok: false, error: { code: TRANSPORT_ERRORS.unknownChannel, message: `No such channel: ${String(channel).slice(0, 64)}` } };
    }
    const request = parseRequest(channel, payload);
    if (!request.ok) return request;
    try {
      return { ok: true, value: await this.call(channel, request.value, call) };
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
