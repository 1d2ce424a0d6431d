/**
 * The main-only channels: what the CLI (and other callers inside main) may ask
 * of the Service beyond app/channels.ts. Same shape as that table, but these
 * names never cross a process boundary: `Service.dispatch` (Electron IPC, the
 * web host's WebSocket) refuses them exactly like an unknown name, and neither
 * the preload nor the web bridge knows them. They carry what the renderer must
 * never reach: raw bytes and paths of the CLI, moving an enrollment, the
 * distrust list, CRLs, the trail itself, the trust files' environment, and
 * settings only an administrator at a shell sets.
 */
import * as v from 'valibot';
import { AuditRecordSchema, CheckResultSchema, HostSchema, ManagementStatusSchema, PortSchema, PurposeSchema } from './schemas';
import { channels } from './channels';
import { IdentityViewSchema } from './identity';
import { verifyMainChannels } from './verify-channels';

const Empty = v.strictObject({});
/** Bytes read by the CLI (a file or stdin); never serialized, so a Buffer passes as it is. */
const BytesSchema = v.custom<Uint8Array>((value) => value instanceof Uint8Array);
const PathSchema = v.pipe(v.string(), v.minLength(1), v.maxLength(4096));

/** Every key `config get|set` knows; the settings handler checks it equals main's own list. */
export const CONFIG_KEYS = ['logServer', 'expiringDays', 'mediaDirs', 'trustLevel', 'revocation'] as const;
export type ConfigKey = (typeof CONFIG_KEYS)[number];

export const ConfigSchema = v.object({
  logServer: v.nullable(v.string()),
  expiringDays: v.number(),
  mediaDirs: v.array(v.string()),
  trustLevel: v.record(v.string(), v.string()),
  revocation: v.record(v.string(), v.string()),
});

const DistrustEntrySchema = v.object({ fingerprint: v.string(), subject: v.nullable(v.string()), addedAt: v.string() });

const AddedSchema = channels.add.response;

/** What FreeRDP's session tells the person at the terminal; functions, so this channel is main-only by nature. */
export interface SessionOutput {
  /** ThinCert's own lines about the session (the command it built, never the pass-through arguments). */
  note(text: string): void;
  /** FreeRDP's own output. */
  freeRdp(chunk: Uint8Array): void;
}

const FreeRdpExitSchema = v.object({ normal: v.boolean(), words: v.string() });

export const mainChannels = {
  /** `verify --stdin` (issue 16 §1): JSON lines of chains in, outcomes out in the same order. */
  ...verifyMainChannels,
  /** A certificate file read as the media reads are (no FIFO, no device, bounded), for the CLI's FILE arguments. */
  readFile: { request: v.strictObject({ path: PathSchema }), response: v.object({ bytes: BytesSchema }) },
  /** `add PURPOSE FILE|- [--only-for …]`: every certificate in the bytes, all or nothing; `onlyFor` as typed. */
  addBytes: {
    request: v.strictObject({ purpose: PurposeSchema, bytes: BytesSchema, label: v.optional(v.string()), onlyFor: v.optional(v.string()) }),
    response: AddedSchema,
  },
  /** `export PURPOSE --out FILE`: the bundle written durably to a path of the caller's choosing. */
  exportToFile: { request: v.strictObject({ purpose: PurposeSchema, path: PathSchema }), response: v.object({ count: v.number() }) },
  /** `enroll NEW --move-from-server CURRENT` (issue 13): moving is never a slip of the kiosk. */
  moveEnrollment: {
    request: v.strictObject({
      ...channels.enroll.request.entries,
      moveFrom: v.strictObject({ host: HostSchema, port: PortSchema }),
    }),
    response: ManagementStatusSchema,
  },
  /** `distrust add FILE|SHA256|-`: a whole SHA-256 names a certificate not at hand; anything else is a file. */
  distrustAdd: {
    request: v.union([v.strictObject({ target: v.string() }), v.strictObject({ bytes: BytesSchema })]),
    response: v.object({ added: v.array(DistrustEntrySchema), alreadyListed: v.array(v.string()) }),
  },
  distrustList: {
    request: Empty,
    response: v.object({
      certificates: v.array(v.object({ fingerprint: v.string(), subject: v.nullable(v.string()), addedAt: v.nullable(v.string()), source: v.picklist(['local', 'policy']) })),
    }),
  },
  distrustRemove: { request: v.strictObject({ query: v.string() }), response: DistrustEntrySchema },
  /** `crl add FILE|-` (issue 16 §2): kept and recorded in the trail when new. */
  crlAdd: {
    request: v.strictObject({ bytes: BytesSchema }),
    response: v.object({ added: v.boolean(), issuer: v.string(), thisUpdate: v.string(), nextUpdate: v.nullable(v.string()), revoked: v.number(), id: v.string() }),
  },
  crlList: {
    request: Empty,
    response: v.object({
      crls: v.array(
        v.object({
          id: v.string(),
          issuer: v.string(),
          thisUpdate: v.string(),
          nextUpdate: v.nullable(v.string()),
          revoked: v.number(),
          source: v.picklist(['device', 'policy']),
          state: v.picklist(['current', 'expired', 'not-yet-valid']),
        }),
      ),
    }),
  },
  /** `identity import FILE.p12 --password-file F` (issue 17): the bytes the CLI read; the password is never stored. */
  identityImportBytes: {
    request: v.strictObject({ bytes: BytesSchema, password: v.pipe(v.string(), v.maxLength(1024)) }),
    response: IdentityViewSchema,
  },
  /** `audit [--since SEQ]`: oldest first, as the trail holds them. */
  auditRead: { request: v.strictObject({ since: v.number() }), response: v.object({ records: v.array(AuditRecordSchema) }) },
  /** `audit --verify`: the hash chain checked, the first bad record named. */
  auditVerify: {
    request: Empty,
    response: v.object({
      intact: v.boolean(),
      records: v.number(),
      lastSeq: v.number(),
      problem: v.nullable(v.object({ seq: v.number(), message: v.string() })),
      damagedTail: v.nullable(v.object({ file: v.string(), bytes: v.number() })),
    }),
  },
  /** `env`/`exec PURPOSE`: the trust files made current, their variables and what they cannot express. */
  trustEnvironment: {
    request: v.strictObject({ purpose: PurposeSchema }),
    response: v.object({
      variables: v.record(v.string(), v.string()),
      /** How many certificates the files hold under the rule in force. */
      members: v.number(),
      /** Pinned certificates other programs cannot honour (not self-signed, so no CA). */
      unexpressible: v.array(v.object({ fingerprint: v.string(), subject: v.string() })),
    }),
  },
  /** `export-config rsyslog`: the action forwarding this device's logs as ThinCert trusts the log server. */
  rsyslogConfig: {
    request: Empty,
    response: v.object({ server: v.string(), authMode: v.picklist(['x509/name', 'x509/fingerprint']), config: v.string(), warnings: v.array(v.string()) }),
  },
  /** `config get`: every device setting, as stored. */
  configGet: { request: Empty, response: ConfigSchema },
  /** `config set KEY VALUE` of any key (the UI's `setSetting` has two); trustLevel and revocation take "PURPOSE VALUE". */
  configSet: { request: v.strictObject({ key: v.picklist(CONFIG_KEYS), value: v.string() }), response: ConfigSchema },
  /**
   * `connect rdp` (issue 15): judged through `check`, audited, and FreeRDP run
   * pinned to the judged leaf with the terminal's environment and output.
   */
  rdpSession: {
    request: v.strictObject({
      host: HostSchema,
      port: v.optional(PortSchema),
      connectTo: v.optional(HostSchema),
      /** Handed to FreeRDP unchanged; may hold credentials, so never logged, printed or audited. */
      freeRdpArgs: v.array(v.string()),
      env: v.custom<Record<string, string | undefined>>((value) => typeof value === 'object' && value !== null),
      output: v.custom<SessionOutput>((value) => typeof value === 'object' && value !== null),
    }),
    response: v.variant('kind', [
      v.object({ kind: v.literal('unreachable'), check: CheckResultSchema }),
      v.object({ kind: v.literal('blocked'), check: CheckResultSchema }),
      v.object({ kind: v.literal('ran'), check: CheckResultSchema, shownCommand: v.string(), exit: FreeRdpExitSchema }),
    ]),
  },
} as const;

export type MainChannels = typeof mainChannels;
export type MainChannelName = keyof MainChannels;
export type MainRequestOf<C extends MainChannelName> = v.InferInput<MainChannels[C]['request']>;
export type MainResponseOf<C extends MainChannelName> = v.InferOutput<MainChannels[C]['response']>;

export const MAIN_CHANNEL_NAMES = Object.keys(mainChannels) as MainChannelName[];

export function isMainChannelName(name: unknown): name is MainChannelName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(mainChannels, name);
}
