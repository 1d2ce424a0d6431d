import { create } from 'zustand';
import * as v from 'valibot';
import type { ErrorShape } from '../../app/errors';
import { ScepUrlSchema, type IdentityView } from '../../app/identity';
import type { Certificate, MediaFile } from '../../app/schemas';
import { api } from '../bridge/api';
import { useIdentity } from './identity';
import { parseSans } from './sans';

/** What the identity screen shows below the facts: the actions, one of the two ways to get an identity, or the renewal's confirmation. */
export type IdentityStep = 'actions' | 'enroll' | 'import' | 'renew';
export type IdentityBusy = 'preview' | 'enroll' | 'renew' | 'import' | 'remove' | 'media';
/** What the last action did, said once in a status line. */
export type IdentityDone = 'enrolled' | 'pending' | 'renewed' | 'imported' | 'removed';

interface IdentityFlowState {
  step: IdentityStep;
  busy: IdentityBusy | null;
  error: ErrorShape | null;
  done: IdentityDone | null;
  confirming: 'remove' | null;
  scepUrl: string;
  /** Kept only until the enroll or renew request is sent, then forgotten. */
  challenge: string;
  cn: string;
  sans: string;
  /** The SCEP CA's certificate (GetCACert), waiting for the operator to compare its fingerprint. */
  ca: Certificate | null;
  mediaFiles: MediaFile[] | null;
  searched: string[];
  selectedPath: string | null;
  /** Kept only until the import request is sent, then forgotten. */
  password: string;
  go(step: IdentityStep): void;
  set(field: 'scepUrl' | 'challenge' | 'cn' | 'sans' | 'password', value: string): void;
  previewCa(): Promise<void>;
  discardCa(): void;
  enroll(): Promise<void>;
  loadMediaFiles(): Promise<void>;
  selectPath(path: string): void;
  importFile(): Promise<void>;
  ask(action: 'remove'): void;
  closeConfirm(): void;
  renew(): Promise<void>;
  remove(): Promise<void>;
}

/** PKCS#12 files by name: the media list also holds certificate files, which are not an identity. */
const PKCS12 = /\.(p12|pfx)$/i;

const fresh = {
  step: 'actions',
  busy: null,
  error: null,
  done: null,
  confirming: null,
  scepUrl: '',
  challenge: '',
  cn: '',
  sans: '',
  ca: null,
  mediaFiles: null,
  searched: [],
  selectedPath: null,
  password: '',
} satisfies Partial<IdentityFlowState>;

/** The identity screen's flows: enroll over SCEP (URL → CA confirmed → enrolled), import a PKCS#12, renew, remove. */
export const useIdentityFlow = create<IdentityFlowState>()((set, get) => {
  /** Main answered an action with the new view: shown at once (the event re-reads the same). */
  function settle(view: IdentityView, done: IdentityDone): void {
    useIdentity.getState().show(view);
    set({ ...fresh, done });
  }

  return {
    ...fresh,
    go: (step) => set({ ...fresh, step, scepUrl: step === 'enroll' ? (useIdentity.getState().view?.scepUrl ?? '') : '' }),
    set: (field, value) => set({ [field]: value }),
    async previewCa() {
      const scepUrl = get().scepUrl.trim();
      if (!v.is(ScepUrlSchema, scepUrl)) {
        set({ error: { code: 'scep-url-invalid', message: 'Enter the SCEP address, starting with http:// or https://.' } });
        return;
      }
      const sans = parseSans(get().sans);
      if (sans.error) {
        set({ error: sans.error });
        return;
      }
      set({ busy: 'preview', error: null, ca: null });
      const result = await api.identityCaPreview({ scepUrl });
      if (result.ok) set({ busy: null, ca: result.value, scepUrl });
      else set({ busy: null, error: result.error });
    },
    discardCa: () => set({ ca: null, error: null }),
    async enroll() {
      const { ca, scepUrl, challenge, cn } = get();
      if (!ca || get().busy) return;
      const sans = parseSans(get().sans).sans;
      set({ busy: 'enroll', error: null });
      // The fingerprint sent is the one shown: main enrolls only if the CA still presents exactly that certificate.
      const result = await api.identityEnroll({
        scepUrl,
        challenge,
        caFingerprint: ca.fingerprint,
        ...(cn.trim() === '' ? {} : { cn: cn.trim() }),
        ...(sans.length === 0 ? {} : { san: sans }),
      });
      if (result.ok) settle(result.value, result.value.state === 'pending' ? 'pending' : 'enrolled');
      // A refusal goes back to the form with the address and names kept: the challenge (a wrong one is the usual
      // cause) is typed again, and the CA is shown and compared again before the next attempt.
      else set({ busy: null, error: result.error, challenge: '', ca: null });
    },
    async loadMediaFiles() {
      set({ busy: 'media', error: null });
      const result = await api.mediaFiles({});
      if (!result.ok) {
        set({ busy: null, error: result.error });
        return;
      }
      const files = result.value.files.filter((f) => PKCS12.test(f.name));
      const selected = get().selectedPath;
      set({
        busy: null,
        mediaFiles: files,
        searched: result.value.searched,
        selectedPath: files.some((f) => f.path === selected) ? selected : (files[0]?.path ?? null),
      });
    },
    selectPath: (selectedPath) => set({ selectedPath, error: null }),
    async importFile() {
      const { selectedPath, password } = get();
      if (get().busy) return;
      if (!selectedPath) {
        set({ error: { code: 'file-not-chosen', message: 'Choose a file first.' } });
        return;
      }
      set({ busy: 'import', error: null });
      const result = await api.identityImport({ path: selectedPath, password });
      if (result.ok) settle(result.value, 'imported');
      else set({ busy: null, error: result.error, password: '' });
    },
    ask: (confirming) => set({ confirming, error: null, done: null }),
    closeConfirm: () => set({ confirming: null }),
    async renew() {
      if (get().busy) return;
      set({ busy: 'renew', error: null });
      // Only a CA that checks the challenge on renewal too needs one; otherwise none is sent.
      const challenge = get().challenge;
      const result = await api.identityRenew(challenge === '' ? {} : { challenge });
      if (result.ok) settle(result.value, result.value.state === 'pending' ? 'pending' : 'renewed');
      else set({ busy: null, error: result.error, challenge: '' });
    },
    async remove() {
      if (get().busy) return;
      set({ busy: 'remove', error: null });
      const result = await api.identityRemove({});
      if (result.ok) settle(result.value, 'removed');
      else set({ busy: null, confirming: null, error: result.error });
    },
  };
});
