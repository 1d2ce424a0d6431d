/**
 * ksc-admin's subcommands (PROTOCOL.md §5), each a function over the data
 * folder that returns an exit status. Changes are read-modify-write under the
 * folder lock and written atomically, so ksc-sim picks them up on its next
 * connection.
 */
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { withDirLock } from '../core/store/durable-file';
import { codesEqual, confirmationCode, formatCode, normaliseCode, replacementCode } from '../core/management/codes';
import { digestOf, pemOfDer, showFingerprint } from '../core/management/protocol-certificate';
import { single, required, UsageError, type Io, type ParsedArgs } from './sim-args';
import { parseHostPort } from '../../app/host-name';
import { trustLimitEdits } from './admin-trust-limits';
import { revocationEdits } from './admin-revocation';
import { identityEdits } from './admin-identity';
import { ensureDataDir, loadIdentityFiles, readDevices, readPolicy, readServerIdentity, writePolicy, writeServerIdentity, type SimPolicy } from './sim-files';

const POLICY_PURPOSES = ['rdp', 'broker', 'logServer'];

function currentCertificate(dir: string): X509Certificate {
  const identity = readServerIdentity(dir);
  if (identity === null) throw new UsageError(`${dir} holds no server certificate; start ksc-sim with --data ${dir} first`);
  return new X509Certificate(identity.certPem);
}

/** `fingerprint`: F of the certificate the server presents now. */
export function fingerprint(dir: string, io: Io): number {
  io.out(showFingerprint(digestOf(currentCertificate(dir).raw)));
  return 0;
}

/** `rotate --cert C --key K`: presented from the next connection on, not announced (§4). */
export async function rotate(dir: string, args: ParsedArgs, io: Io): Promise<number> {
  const identity = loadIdentityFiles(required(args, 'cert'), required(args, 'key'));
  const der = new X509Certificate(identity.certPem).raw;
  ensureDataDir(dir);
  await withDirLock(dir, async () => {
    await writeServerIdentity(dir, identity);
    // The announcement has happened once the server presents it; drop it from the policy.
    const policy = readPolicy(dir);
    const next = policy.nextManagementCertificate;
    if (next !== null && new X509Certificate(next).raw.equals(der)) {
      await writePolicy(dir, { ...policy, nextManagementCertificate: null, revision: policy.revision + 1 });
    }
  });
  io.out(`now presenting ${showFingerprint(digestOf(der))}`);
  return 0;
}

/** `announce --cert C`: §3 nextManagementCertificate, so a later rotate to C is seamless. */
export async function announce(dir: string, args: ParsedArgs, io: Io): Promise<number> {
  const cert = new X509Certificate(readFileSync(required(args, 'cert'), 'utf8'));
  await editPolicy(dir, (policy) => ({ ...policy, nextManagementCertificate: pemOfDer(cert.raw) }));
  io.out(`announced ${showFingerprint(digestOf(cert.raw))}`);
  return 0;
}

/**
 * `replacement-code --device ID --confirmation CODE` (§4.3): the confirmation
 * code the device shows must be the one for the certificate this server really
 * presents; otherwise the device is seeing another certificate and gets no code.
 */
export function replacementCodeCommand(dir: string, args: ParsedArgs, io: Io): number {
  const deviceId = required(args, 'device');
  const entered = normaliseCode(required(args, 'confirmation'));
  if (entered === null) throw new UsageError('the confirmation code is 8 digits, e.g. 1234-5678');
  const device = Object.prototype.hasOwnProperty.call(readDevices(dir), deviceId) ? readDevices(dir)[deviceId] : undefined;
  if (device === undefined) {
    io.err(`ksc-admin: no device ${deviceId} is enrolled`);
    return 1;
  }
  const key = Buffer.from(device.deviceKey, 'base64');
  const digest = digestOf(currentCertificate(dir).raw);
  if (!codesEqual(confirmationCode(key, digest), entered)) {
    io.err(`ksc-admin: the confirmation code does not match this server's current certificate for ${deviceId}.`);
    io.err('The device is seeing another certificate: possible interception. No replacement code was given.');
    return 3;
  }
  io.out(formatCode(replacementCode(key, digest)));
  return 0;
}

/** `policy [...]`: edits the policy and raises its revision. */
export async function policy(dir: string, args: ParsedArgs, io: Io): Promise<number> {
  const managed = single(args, 'managed');
  if (managed !== undefined && managed !== 'true' && managed !== 'false') throw new UsageError('--managed is true or false');
  const adds = (args.options.get('add') ?? []).map(([purpose, file]) => certificateEntries(purpose, file));
  const removes = (args.options.get('remove') ?? []).map(([purpose, file]) => certificateEntries(purpose, file));
  const logServer = single(args, 'log-server');
  const remoteDesktops = remoteDesktopsOption(args);
  const trustLimits = trustLimitEdits(args);
  const revocation = revocationEdits(args);
  const identity = identityEdits(args);
  const contact = {
    name: single(args, 'contact-name'),
    phone: single(args, 'contact-phone'),
    email: single(args, 'contact-email'),
  };

  const written = await editPolicy(dir, (current) => {
    const before = identity(revocation(trustLimits(current)));
    let certificates = before.certificates;
    for (const entries of removes) {
      certificates = certificates.filter((c) => !entries.some((e) => e.purpose === c.purpose && sameCert(e.pem, c.pem)));
    }
    for (const entries of adds) {
      for (const entry of entries) {
        if (!certificates.some((c) => c.purpose === entry.purpose && sameCert(c.pem, entry.pem))) certificates = [...certificates, entry];
      }
    }
    const touchesContact = contact.name !== undefined || contact.phone !== undefined || contact.email !== undefined;
    const previous = before.adminContact ?? { name: '', phone: '', email: '' };
    return {
      ...before,
      managed: managed === undefined ? before.managed : managed === 'true',
      certificates,
      adminContact: touchesContact
        ? { name: contact.name ?? previous.name, phone: contact.phone ?? previous.phone, email: contact.email ?? previous.email }
        : before.adminContact,
      logServer: logServer === undefined ? before.logServer : logServer === 'none' ? null : logServer,
      ...(remoteDesktops === undefined ? {} : { remoteDesktops }),
    };
  });
  io.out(`policy revision ${written.revision}: managed ${written.managed}, ${written.certificates.length} certificate(s)`);
  return 0;
}

/**
 * `--remote-desktop NAME HOST:PORT`, repeated: the policy's list becomes exactly
 * these (docs/policy.md); `--remote-desktops none` empties it; neither keeps it.
 */
function remoteDesktopsOption(args: ParsedArgs): { name: string; host: string; port: number }[] | undefined {
  const entries = args.options.get('remote-desktop');
  const none = single(args, 'remote-desktops');
  if (none !== undefined && none !== 'none') throw new UsageError('--remote-desktops takes only none (use --remote-desktop NAME HOST:PORT to set the list)');
  if (none !== undefined && entries !== undefined) throw new UsageError('--remote-desktops none and --remote-desktop cannot be combined');
  if (none !== undefined) return [];
  if (entries === undefined) return undefined;
  return entries.map(([name = '', address = '']) => {
    const parsed = parseHostPort(address);
    if (name.trim() === '') throw new UsageError('--remote-desktop needs a name');
    if (!parsed.ok || parsed.port === undefined) throw new UsageError(`--remote-desktop ${name}: '${address}' is not HOST:PORT`);
    return { name: name.trim(), host: parsed.host, port: parsed.port };
  });
}

/** `devices`: the enrolled devices, one a line: id, enrolled at. */
export function devices(dir: string, io: Io): number {
  for (const [id, entry] of Object.entries(readDevices(dir)).sort(([a], [b]) => a.localeCompare(b))) {
    io.out(`${id}\t${entry.enrolledAt}`);
  }
  return 0;
}

async function editPolicy(dir: string, change: (policy: SimPolicy) => SimPolicy): Promise<SimPolicy> {
  ensureDataDir(dir);
  return withDirLock(dir, async () => {
    const before = readPolicy(dir);
    const after = { ...change(before), revision: before.revision + 1 };
    await writePolicy(dir, after);
    return after;
  });
}

function certificateEntries(purpose: string | undefined, file: string | undefined): { purpose: string; pem: string }[] {
  if (purpose === undefined || file === undefined) throw new UsageError('--add/--remove take PURPOSE FILE');
  if (!POLICY_PURPOSES.includes(purpose)) throw new UsageError(`a policy purpose is one of ${POLICY_PURPOSES.join(', ')}`);
  const text = readFileSync(file, 'utf8');
  const blocks = text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  if (blocks.length === 0) throw new UsageError(`${file} holds no PEM certificate`);
  return blocks.map((block) => ({ purpose, pem: pemOfDer(new X509Certificate(block).raw) }));
}

function sameCert(a: string, b: string): boolean {
  return new X509Certificate(a).raw.equals(new X509Certificate(b).raw);
}
