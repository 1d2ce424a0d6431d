/** The command table of `thincert` (CLI.md): parsing spec and implementation side by side. */
import type { CommandSpec } from './args';
import type { CommandRun } from './context';
import { runStatus } from './commands/status';
import { runAdd, runExport, runList, runRemove, runShow } from './commands/certificates';
import { runConfig } from './commands/config';
import { runCrl } from './commands/crl';
import { runDistrust } from './commands/distrust';
import { runCheck, runFetch } from './commands/servers';
import { runEnroll, runReplace, runSync } from './commands/management';
import { runAudit } from './commands/audit';
import { runConnect } from './commands/connect';
import { runEnv, runExec } from './commands/env';
import { runExportConfig } from './commands/export-config';
import { runVerify } from './commands/verify';
import { runIdentity } from './commands/identity';

export interface Command extends CommandSpec {
  run: CommandRun;
}

export const COMMANDS: Readonly<Record<string, Command>> = {
  list: { positionals: ['purpose?'], flags: {}, usage: 'list [PURPOSE] [--json]', summary: 'stored certificates, optionally of one purpose', run: runList },
  show: { positionals: ['fp'], flags: {}, usage: 'show FP [--json]', summary: 'one certificate, all details and its PEM', run: runShow },
  add: {
    positionals: ['purpose', 'file'],
    flags: { label: 'string', 'only-for': 'string' },
    usage: 'add PURPOSE FILE|- [--label L] [--only-for SUFFIX|CIDR,…]',
    summary: 'import every certificate in FILE (PEM, DER, PKCS#7); all or nothing',
    run: runAdd,
  },
  remove: { positionals: ['purpose', 'fp'], flags: {}, usage: 'remove PURPOSE FP', summary: 'remove the certificate from that purpose', run: runRemove },
  export: { positionals: ['purpose'], flags: { out: 'string' }, usage: 'export PURPOSE [--out FILE]', summary: "the purpose's PEM bundle", run: runExport },
  fetch: {
    positionals: ['purpose', 'host'],
    flags: { 'connect-to': 'string', 'accept-fingerprint': 'string', label: 'string' },
    usage: 'fetch PURPOSE HOST[:PORT] [--connect-to ADDR] [--accept-fingerprint HEX]',
    summary: "read the server's chain and pin its certificate after confirmation",
    run: runFetch,
  },
  check: {
    positionals: ['purpose', 'host'],
    flags: { 'connect-to': 'string', timeout: 'string' },
    usage: 'check PURPOSE HOST[:PORT] [--connect-to ADDR] [--timeout S]',
    summary: 'connect and judge the server by the trust rules (exit 3: not trusted)',
    run: runCheck,
  },
  verify: {
    positionals: ['purpose?', 'file?'],
    flags: { name: 'string', at: 'string', anchors: 'string', stdin: 'boolean' },
    usage: 'verify PURPOSE CHAIN_FILE|- [--name HOST|IP] [--at ISO8601] [--anchors FILE] | verify [PURPOSE] --stdin',
    summary: 'judge a chain as if a server presented it, changing nothing (exit 3: not trusted); --stdin: JSON lines',
    run: runVerify,
  },
  enroll: {
    positionals: ['host'],
    flags: { 'connect-to': 'string', 'accept-fingerprint': 'string', 'device-id': 'string', 'move-from-server': 'string' },
    usage: 'enroll HOST[:PORT] [--connect-to ADDR] [--accept-fingerprint HEX] [--device-id ID] [--move-from-server CURRENT_HOST[:PORT]]',
    summary: 'first contact with the management server',
    run: runEnroll,
  },
  sync: { positionals: [], flags: {}, usage: 'sync', summary: 'fetch and apply the policy; detect a rotated management certificate', run: runSync },
  replace: { positionals: [], flags: { code: 'string' }, usage: 'replace --code CODE', summary: 'enter the replacement code (PROTOCOL.md §4)', run: runReplace },
  status: { positionals: [], flags: {}, usage: 'status [--json]', summary: 'mode, counts, expiring certificates, management state', run: runStatus },
  audit: {
    positionals: [],
    flags: { since: 'string', verify: 'boolean', send: 'boolean' },
    usage: 'audit [--since SEQ] [--verify] [--send] [--json]',
    summary: 'the audit records; --verify checks the hash chain; --send delivers the backlog',
    run: runAudit,
  },
  connect: {
    positionals: ['protocol', 'host'],
    flags: { 'connect-to': 'string' },
    rest: true,
    usage: 'connect rdp HOST[:PORT] [--connect-to ADDR] [-- FREERDP_ARGS…]',
    summary: 'judge the server, then start FreeRDP pinned to its certificate (3: not trusted, 5: session failed)',
    run: runConnect,
  },
  env: {
    positionals: ['purpose'],
    flags: {},
    usage: 'env PURPOSE',
    summary: "export lines that make curl, OpenSSL, Python and git trust exactly that purpose's certificates",
    run: runEnv,
  },
  exec: {
    positionals: ['purpose'],
    flags: {},
    rest: true,
    usage: 'exec PURPOSE -- CMD [ARGS…]',
    summary: 'run a program trusting exactly that purpose; exits with its status',
    run: runExec,
  },
  'export-config': {
    positionals: ['target'],
    flags: {},
    usage: 'export-config rsyslog',
    summary: "an rsyslog action forwarding this device's logs to the log server, trusting what ThinCert trusts",
    run: runExportConfig,
  },
  crl: {
    positionals: ['action', 'file?'],
    flags: {},
    usage: 'crl add FILE|- | crl list [--json]',
    summary: 'CRLs kept on this device for revocation checks without reaching the CA',
    run: runCrl,
  },
  config: {
    positionals: ['action', 'key?', 'value?', 'level?'],
    flags: {},
    usage: 'config get [KEY] | config set KEY VALUE | config set trustLevel PURPOSE both|pins-only|anchors-only | config set revocation PURPOSE off|soft|hard',
    summary: 'device settings: logServer, expiringDays, mediaDirs, trustLevel, revocation',
    run: runConfig,
  },
  identity: {
    positionals: ['action', 'file?'],
    flags: { scep: 'string', 'challenge-file': 'string', 'ca-fingerprint': 'string', cn: 'string', san: 'strings', 'password-file': 'string' },
    usage:
      'identity enroll --scep URL --challenge-file FILE --ca-fingerprint SHA256 [--cn NAME] [--san DNS:…|IP:…]… | identity renew [--challenge-file FILE] | identity import FILE.p12 --password-file FILE | identity remove | identity show [--json]',
    summary: "this device's own certificate: SCEP enrollment and renewal, PKCS#12 import",
    run: runIdentity,
  },
  distrust: {
    positionals: ['action', 'target?'],
    flags: {},
    usage: 'distrust add FILE|SHA256 | distrust list | distrust remove FP',
    summary: 'certificates never trusted anywhere in a chain, whatever is stored',
    run: runDistrust,
  },
};
