/**
 * The simulator's data folder (PROTOCOL.md §5), shared by ksc-sim and ksc-admin:
 * - `devices.json`: `{ "<deviceId>": { "deviceKey": "<base64 K>", "enrolledAt": "<ISO>" } }`;
 * - `server.pem`: the current certificate followed by its private key, in one
 *   file so that a rotation is one atomic rename — ksc-sim can never load a
 *   new certificate with the old key;
 * - `policy.json`: the §3 policy document exactly as served.
 * Every write goes through writeFileDurable (atomic rename + fsync).
 */
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileDurable } from '../core/store/durable-file';
import type { PolicyIdentityField } from '../core/management/policy-identity';

export const DEVICES_FILE = 'devices.json';
export const SERVER_FILE = 'server.pem';
export const POLICY_FILE = 'policy.json';

export interface DeviceEntry {
  deviceKey: string;
  enrolledAt: string;
}
export type Devices = Record<string, DeviceEntry>;

export interface ServerIdentity {
  certPem: string;
  keyPem: string;
}

/** §3 as ksc-sim serves it. Kept loose here: the simulator may serve what tests ask for. */
export interface SimPolicy {
  version: number;
  revision: number;
  managed: boolean;
  adminContact: { name: string; phone: string; email: string } | null;
  certificates: { purpose: string; pem: string }[];
  nextManagementCertificate: string | null;
  logServer: string | null;
  /** docs/policy.md: the named remote desktops of managed devices; absent in folders written before. */
  remoteDesktops?: { name: string; host: string; port: number }[] | null;
  /** Issue 16 §3 (docs/policy.md): certificates never trusted, and trust levels per purpose; absent in folders written before. */
  distrust?: string[] | null;
  trustLevels?: Record<string, string> | null;
  /** Issue 16 §2: revocation mode per purpose and CRLs (PEM) delivered to devices; absent in folders written before. */
  revocation?: Record<string, string> | null;
  crls?: string[] | null;
  /** Issue 17 (docs/policy.md): where and how devices enroll their own certificate; absent in folders written before. */
  identity?: PolicyIdentityField | null;
}

export function defaultPolicy(): SimPolicy {
  return { version: 1, revision: 1, managed: false, adminContact: null, certificates: [], nextManagementCertificate: null, logServer: null };
}

export function ensureDataDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
}

export function readDevices(dir: string): Devices {
  const text = readIfExists(join(dir, DEVICES_FILE));
  if (text === null) return {};
  const json: unknown = JSON.parse(text);
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new Error(`${DEVICES_FILE} is not an object`);
  return json as Devices;
}

export async function writeDevices(dir: string, devices: Devices): Promise<void> {
  await writeFileDurable(join(dir, DEVICES_FILE), `${JSON.stringify(devices, null, 2)}\n`, { mode: 0o600 });
}

export function readPolicy(dir: string): SimPolicy {
  const text = readIfExists(join(dir, POLICY_FILE));
  return text === null ? defaultPolicy() : (JSON.parse(text) as SimPolicy);
}

export async function writePolicy(dir: string, policy: SimPolicy): Promise<void> {
  await writeFileDurable(join(dir, POLICY_FILE), `${JSON.stringify(policy, null, 2)}\n`, { mode: 0o644 });
}

export function readServerIdentity(dir: string): ServerIdentity | null {
  const text = readIfExists(join(dir, SERVER_FILE));
  if (text === null) return null;
  const cert = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----\n?/.exec(text)?.[0];
  const key = /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]+?-----END [A-Z ]*PRIVATE KEY-----\n?/.exec(text)?.[0];
  if (cert === undefined || key === undefined) throw new Error(`${SERVER_FILE} must hold a certificate and its private key`);
  return { certPem: cert, keyPem: key };
}

export async function writeServerIdentity(dir: string, identity: ServerIdentity): Promise<void> {
  // 0600: the file holds the server's private key.
  await writeFileDurable(join(dir, SERVER_FILE), `${identity.certPem.trim()}\n${identity.keyPem.trim()}\n`, { mode: 0o600 });
}

/** Reads CERT and KEY files and refuses a pair that does not belong together. */
export function loadIdentityFiles(certFile: string, keyFile: string): ServerIdentity {
  const certPem = readFileSync(certFile, 'utf8');
  const keyPem = readFileSync(keyFile, 'utf8');
  const cert = new X509Certificate(certPem);
  if (!cert.checkPrivateKey(createPrivateKey(keyPem))) throw new Error(`${keyFile} is not the private key of ${certFile}`);
  return { certPem: cert.toString(), keyPem };
}

function readIfExists(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return null;
    throw error;
  }
}
