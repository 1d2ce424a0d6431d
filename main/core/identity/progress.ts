/**
 * What is under way for the identity, kept in `identity/state.json` so a
 * restart resumes it: an enrollment the CA left PENDING (its new key waits in
 * `pending/key.pem`, 0600), the last failure in words, and the renewal's
 * retry schedule. Never the challenge, a password or key material.
 */
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import * as v from 'valibot';
import { ErrorParamsSchema } from '../../../app/errors';
import { readFileIfExists, writeFileDurable } from '../store/durable-file';
import { IDENTITY_FOLDER_MODE, identityPaths } from './files';
import { ensureIdentityFolder } from './storage';

const PendingSchema = v.object({
  kind: v.picklist(['enroll', 'renew']),
  scepUrl: v.string(),
  caFingerprint: v.string(),
  transactionId: v.string(),
  /** Base64 DER of the certificate that signed the request (self-signed for a first enrollment). */
  signerCertDer: v.string(),
  subjectCn: v.string(),
  startedAt: v.string(),
  polls: v.number(),
  nextPollAt: v.string(),
});

const ProgressSchema = v.object({
  pending: v.nullable(PendingSchema),
  // params: the refusal's, for the operator's language; a state.json written before them has none.
  lastError: v.nullable(v.object({ code: v.string(), message: v.string(), params: v.optional(ErrorParamsSchema), at: v.string() })),
  renewal: v.object({ failures: v.number(), nextAttemptAt: v.nullable(v.string()) }),
});

export type Progress = v.InferOutput<typeof ProgressSchema>;
export type PendingEnrollment = v.InferOutput<typeof PendingSchema>;

export const EMPTY_PROGRESS: Progress = { pending: null, lastError: null, renewal: { failures: 0, nextAttemptAt: null } };

export async function readProgress(dataDir: string): Promise<Progress> {
  const bytes = await readFileIfExists(identityPaths(dataDir).statePath);
  if (bytes === null) return EMPTY_PROGRESS;
  try {
    const parsed = v.safeParse(ProgressSchema, JSON.parse(bytes.toString('utf8')));
    // A damaged state file loses only what was under way; the identity itself lives elsewhere.
    return parsed.success ? parsed.output : EMPTY_PROGRESS;
  } catch {
    return EMPTY_PROGRESS;
  }
}

export async function writeProgress(dataDir: string, progress: Progress): Promise<void> {
  // A first enrollment that failed still records why.
  await ensureIdentityFolder(dataDir);
  await writeFileDurable(identityPaths(dataDir).statePath, `${JSON.stringify(progress, null, 2)}\n`, { mode: 0o600 });
}

export async function updateProgress(dataDir: string, change: (progress: Progress) => Progress): Promise<Progress> {
  const next = change(await readProgress(dataDir));
  await writeProgress(dataDir, next);
  return next;
}

export async function savePendingKey(dataDir: string, keyPem: string): Promise<void> {
  const { pendingDir } = identityPaths(dataDir);
  await mkdir(pendingDir, { recursive: true, mode: IDENTITY_FOLDER_MODE });
  await writeFileDurable(join(pendingDir, 'key.pem'), keyPem, { mode: 0o600 });
}

export async function readPendingKey(dataDir: string): Promise<string | null> {
  const bytes = await readFileIfExists(join(identityPaths(dataDir).pendingDir, 'key.pem'));
  return bytes === null ? null : bytes.toString('utf8');
}

export async function dropPendingKey(dataDir: string): Promise<void> {
  await rm(identityPaths(dataDir).pendingDir, { recursive: true, force: true });
}
