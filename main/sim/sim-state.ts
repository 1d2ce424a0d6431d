/**
 * What ksc-sim serves, re-read from the data folder whenever a file changed
 * (PROTOCOL.md §5: a ksc-admin change applies to every connection accepted
 * after ksc-admin exited, with no restart and no delay). Every write is an
 * atomic rename, so a changed inode, size or mtime is a new version; checking
 * costs three stat calls per connection.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import tls from 'node:tls';
import { DEVICES_FILE, POLICY_FILE, SERVER_FILE, readDevices, readPolicy, readServerIdentity, type Devices, type SimPolicy } from './sim-files';

interface Loaded<T> {
  signature: string;
  value: T;
}

function signatureOf(path: string): string {
  try {
    const stat = statSync(path, { bigint: true });
    return `${stat.ino}:${stat.size}:${stat.mtimeNs}`;
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return 'absent';
    throw error;
  }
}

export class LiveState {
  private current: Loaded<{ cert: string; key: string }> | null = null;
  private devices: Loaded<Devices> | null = null;
  private policy: Loaded<SimPolicy> | null = null;

  constructor(
    readonly dir: string,
    private readonly log: (line: string) => void,
  ) {}

  /**
   * The certificate and key for the next handshake, and whether they changed
   * since the last call. A server.pem that cannot be loaded (never the case
   * with atomic writes, but a person may edit it by hand) keeps the previous
   * identity and says so.
   */
  identity(): { changed: boolean; cert: string; key: string } {
    const signature = signatureOf(join(this.dir, SERVER_FILE));
    const known = this.current;
    if (known !== null && known.signature === signature) return { changed: false, ...known.value };
    try {
      const identity = readServerIdentity(this.dir);
      if (identity === null) throw new Error(`${SERVER_FILE} is missing`);
      // Fails here, not in the handshake, when the pair is unusable.
      tls.createSecureContext({ cert: identity.certPem, key: identity.keyPem });
      this.current = { signature, value: { cert: identity.certPem, key: identity.keyPem } };
      return { changed: true, ...this.current.value };
    } catch (error) {
      if (known === null) throw error;
      this.log(`keeping the previous certificate: ${error instanceof Error ? error.message : String(error)}`);
      // Remember the bad version so the next connection does not log again.
      this.current = { signature, value: known.value };
      return { changed: false, ...known.value };
    }
  }

  currentDevices(): Devices {
    const signature = signatureOf(join(this.dir, DEVICES_FILE));
    if (this.devices === null || this.devices.signature !== signature) this.devices = { signature, value: readDevices(this.dir) };
    return this.devices.value;
  }

  currentPolicy(): SimPolicy {
    const signature = signatureOf(join(this.dir, POLICY_FILE));
    if (this.policy === null || this.policy.signature !== signature) this.policy = { signature, value: readPolicy(this.dir) };
    return this.policy.value;
  }
}
