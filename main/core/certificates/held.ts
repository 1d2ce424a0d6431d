/**
 * What main showed the operator, held until they confirm it, so what is stored
 * is exactly what was shown (a previewed file, a server's chain) and never
 * something the renderer sends or a file that changed meanwhile.
 *
 * Ids are unguessable (another page or process cannot confirm for the
 * operator). Entries live for a while and are few: the newest `max` are kept;
 * an older one pushed out is refused by name (`too-many-pending`), so the
 * operator learns to read it again rather than seeing a vague "expired".
 */
import { randomBytes } from 'node:crypto';
import type { Clock } from '../clock';
import { ThinCertError } from '../errors';

export const HELD_TTL_MS = 10 * 60_000;
export const MAX_HELD = 32;
/** Ids pushed out are remembered a while longer only to name the refusal; bounded too. */
const MAX_REMEMBERED_EVICTIONS = 4 * MAX_HELD;

export interface HeldOptions {
  /** The refusal for an unknown or expired id, in the words of the flow it belongs to. */
  unknown: () => ThinCertError;
  ttlMs?: number;
  max?: number;
}

export interface Held<T> {
  /** Holds `value` and answers its id; pushes the oldest entry out when full. */
  hold(value: T): string;
  /** The held value, or a refusal saying why it is not held. */
  get(id: string): T;
  release(id: string): void;
}

export function createHeld<T>(clock: Clock, options: HeldOptions): Held<T> {
  const ttl = options.ttlMs ?? HELD_TTL_MS;
  const max = options.max ?? MAX_HELD;
  const entries = new Map<string, { value: T; expires: number }>();
  const evicted = new Set<string>();

  function sweep(): void {
    const now = clock.now().getTime();
    for (const [id, entry] of entries) if (entry.expires < now) entries.delete(id);
  }

  function remember(id: string): void {
    evicted.add(id);
    for (const old of evicted) {
      if (evicted.size <= MAX_REMEMBERED_EVICTIONS) break;
      evicted.delete(old);
    }
  }

  return {
    hold(value) {
      sweep();
      // Map keeps insertion order: the first key is the oldest entry.
      for (const oldest of entries.keys()) {
        if (entries.size < max) break;
        entries.delete(oldest);
        remember(oldest);
      }
      const id = randomBytes(18).toString('base64url');
      entries.set(id, { value, expires: clock.now().getTime() + ttl });
      return id;
    },
    get(id) {
      sweep();
      const entry = entries.get(id);
      if (entry) return entry.value;
      if (evicted.has(id)) {
        throw new ThinCertError(
          'too-many-pending',
          `More than ${max} certificates were read after this one, so it is no longer held; read it again.`,
          { max },
        );
      }
      throw options.unknown();
    },
    release(id) {
      entries.delete(id);
    },
  };
}
