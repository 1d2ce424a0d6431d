import { create } from 'zustand';
import type { ErrorShape } from '../../app/errors';
import { DEFAULT_PORTS } from '../../app/purposes';
import type { Certificate, ServerAddress } from '../../app/schemas';
import { api } from '../bridge/api';
import { hostError, parsePort } from './fields';

interface EnrollmentState {
  host: string;
  port: string;
  /** The certificate the server presented, waiting for the operator to compare and confirm. */
  presented: { host: string; port: number; certificate: Certificate } | null;
  busy: 'fetch' | 'enroll' | 'sync' | null;
  error: ErrorShape | null;
  /** Set by a successful enroll in this session, to say so once. */
  enrolledNow: boolean;
  syncedAt: string | null;
  setHost(host: string): void;
  setPort(port: string): void;
  fetch(): Promise<void>;
  confirm(): Promise<void>;
  discard(): void;
  sync(): Promise<void>;
}

export const useEnrollment = create<EnrollmentState>()((set, get) => ({
  host: '',
  port: String(DEFAULT_PORTS.ksc),
  presented: null,
  busy: null,
  error: null,
  enrolledNow: false,
  syncedAt: null,
  setHost: (host) => set({ host }),
  setPort: (port) => set({ port }),
  async fetch() {
    const { host, port } = get();
    const parsed = parsePort(port);
    const refusal = hostError(host) ?? parsed.error;
    if (refusal || parsed.port === undefined) {
      set({ error: refusal, presented: null });
      return;
    }
    set({ busy: 'fetch', error: null, presented: null });
    const trimmed = host.trim();
    const result = await api.managementPreview({ host: trimmed, port: parsed.port });
    if (result.ok) set({ busy: null, presented: { host: trimmed, port: parsed.port, certificate: result.value } });
    else set({ busy: null, error: result.error });
  },
  async confirm() {
    const presented = get().presented;
    if (!presented) return;
    set({ busy: 'enroll', error: null });
    // The fingerprint sent is the one shown: main enrolls only if the server still presents exactly that leaf.
    const result = await api.enroll({ host: presented.host, port: presented.port, fingerprint: presented.certificate.fingerprint });
    if (result.ok) set({ busy: null, presented: null, enrolledNow: true });
    else set({ busy: null, error: result.error });
  },
  discard: () => set({ presented: null, error: null }),
  async sync() {
    set({ busy: 'sync', error: null, syncedAt: null });
    const result = await api.sync({});
    // A refusal (unreachable, replacement required) is also in status; the message says it where the button was pressed.
    if (result.ok) set({ busy: null, syncedAt: result.value.lastSync ?? new Date().toISOString() });
    else set({ busy: null, error: result.error });
  },
}));

export type ReplacementStep = 'required' | 'code' | 'done';

interface ReplacementState {
  step: ReplacementStep;
  code: string;
  busy: boolean;
  error: ErrorShape | null;
  /** The lock main reported with a refusal; status carries it too, but may be read a moment later. */
  lockedUntil: string | null;
  /** The server whose new certificate was confirmed, for the confirmation text. */
  doneServer: ServerAddress | null;
  setCode(code: string): void;
  press(digit: string): void;
  backspace(): void;
  clear(): void;
  next(): void;
  back(): void;
  submit(): Promise<void>;
  reset(): void;
}

const freshReplacement = { step: 'required', code: '', busy: false, error: null, lockedUntil: null, doneServer: null } as const;

export const useReplacement = create<ReplacementState>()((set, get) => ({
  ...freshReplacement,
  setCode: (code) => set({ code }),
  press: (digit) => set((s) => ({ code: s.code + digit })),
  backspace: () => set((s) => ({ code: s.code.replace(/[\s-]*.$/, '') })),
  clear: () => set({ code: '' }),
  next: () => set({ step: 'code', error: null }),
  back: () => set({ step: 'required', error: null }),
  async submit() {
    if (get().busy) return;
    set({ busy: true, error: null });
    // Sent as typed: main owns the code's rules (8 digits, spaces and dashes ignored) and whether an attempt counts.
    const result = await api.replace({ code: get().code });
    if (result.ok) {
      set({ busy: false, step: 'done', code: '', lockedUntil: null, doneServer: result.value.server });
    } else {
      const params = result.error.params ?? {};
      const until = typeof params.lockedUntil === 'string' ? params.lockedUntil : null;
      set({ busy: false, error: result.error, lockedUntil: until, code: result.error.code === 'code-malformed' ? get().code : '' });
    }
  },
  reset: () => set({ ...freshReplacement }),
}));
