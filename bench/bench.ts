/**
 * `npm run bench [-- --quick]`: ThinCert against what an administrator would
 * otherwise use (NSS certutil, openssl) and against the hardware floor, as
 * ratios measured in the same run (issue 8). Writes bench/results.json.
 */
import { execFileSync } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createService } from '../main/core/create-service';
import { parseCertificates } from '../main/core/x509/parse';
import { startNginx } from '../test/peers/nginx';
import { eachInTurn, median, timed, timeProcess, timeProcessRuns, timeRuns } from './measure';
import { prepare } from './prepare';
import { benchVerify } from './verify-bench';
import { MAX_CONCURRENT_PROBES } from '../main/core/probes/limit';
import { benchRevocation } from './revocation-bench';
import { hundredThroughLanes, rawHandshake as rawHandshakeTo } from './check-measure';
import { coldStart, firstPaint, rendererSize } from './ui-bench';

const ROOT = path.resolve(__dirname, '..', '..');
const quick = process.argv.includes('--quick');
const RUNS = quick ? 3 : 7;
const CLI = path.join(ROOT, 'out', 'cli', 'thincert.cjs');
const NODE = process.execPath;
/** What each whole-process row's floor is: the least the case itself must do (docs/bench.md). */
const FLOOR_ADD = path.join(ROOT, 'bench', 'floors', 'add.cjs');
const FLOOR_CHECK = path.join(ROOT, 'bench', 'floors', 'check.cjs');

type Goal =
  | { kind: 'ratio-max'; value: number }
  | { kind: 'ratio-min'; value: number }
  | { kind: 'floor-plus'; ms: number }
  | { kind: 'max-kb'; value: number }
  | { kind: 'min-rate'; value: number };

interface Row {
  case: string;
  thincert: number;
  baseline: number | null;
  unit: 'ms' | 'µs' | 'kB' | 'checks/s' | 'chains/s';
  ratio: number | null;
  goal: string;
  pass: boolean;
  note?: string;
}

const rows: Row[] = [];

function record(name: string, thincert: number, baseline: number | null, unit: Row['unit'], goal: Goal, note?: string): void {
  let ratio: number | null = baseline ? thincert / baseline : null;
  let pass: boolean;
  let goalText: string;
  switch (goal.kind) {
    case 'ratio-max':
      pass = ratio !== null && ratio <= goal.value;
      goalText = `≤ ${goal.value}×`;
      break;
    case 'ratio-min':
      pass = ratio !== null && ratio >= goal.value;
      goalText = `≥ ${goal.value}×`;
      break;
    case 'floor-plus':
      pass = baseline !== null && thincert <= baseline + goal.ms;
      goalText = `≤ floor + ${goal.ms} ms`;
      break;
    case 'min-rate':
      pass = thincert >= goal.value;
      goalText = `≥ ${goal.value} ${unit}`;
      break;
    case 'max-kb':
      ratio = null;
      pass = thincert <= goal.value;
      goalText = `≤ ${goal.value} kB`;
      break;
  }
  rows.push({ case: name, thincert, baseline, unit, ratio, goal: goalText, pass, ...(note ? { note } : {}) });
  console.log(`  ${pass ? 'pass' : 'FAIL'}  ${name}: ${thincert.toFixed(2)} ${unit} vs ${baseline === null ? '-' : baseline.toFixed(2)} ${ratio === null ? '' : `(${ratio.toFixed(2)}×)`}`);
}

function splitPem(pem: string): string[] {
  return pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----\n?/g) ?? [];
}

function ders(pem: string): Buffer[] {
  return splitPem(pem).map((block) => Buffer.from(block.replace(/-----[^-]+-----|\s/g, ''), 'base64'));
}

/** A time against Node's floor, as the notes say it: "floor + 27.0 ms", "floor − 9.3 ms". */
function overFloor(ms: number): string {
  return `floor ${ms < 0 ? '−' : '+'} ${Math.abs(ms).toFixed(1)} ms`;
}

function cli(dataDir: string, args: string[]): string[] {
  return [CLI, '--data-dir', dataDir, ...args];
}

async function main(): Promise<void> {
  const started = Date.now();
  if (!existsSync(CLI)) throw new Error('out/ is missing: run npm run build first (npm run bench does).');
  for (const tool of ['certutil', 'openssl']) {
    try {
      execFileSync('which', [tool], { stdio: 'ignore' });
    } catch {
      throw new Error(`${tool} is not installed (apt-get install ${tool === 'certutil' ? 'libnss3-tools' : tool}).`);
    }
  }
  console.log(`ThinCert benchmark${quick ? ' (--quick)' : ''}: preparing data…`);
  const data = await prepare(ROOT);
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'thincert-bench-'));
  const pem1000 = readFileSync(data.pem1000, 'utf8');
  const pem10000 = readFileSync(data.pem10000, 'utf8');

  // Stores: 1,000 and 10,000 certificates, through ThinCert's own import.
  const store1000 = path.join(scratch, 'store-1000');
  execFileSync(NODE, cli(store1000, ['add', 'rdp', data.pem1000]), { stdio: 'ignore' });
  // A file may hold at most 1,000 certificates (and 1 MiB): ten imports make the 10,000.
  const store10000 = path.join(scratch, 'store-10000');
  const blocks10000 = splitPem(pem10000);
  for (let i = 0; i < 10; i++) {
    const part = path.join(scratch, `part-${i}.pem`);
    writeFileSync(part, blocks10000.slice(i * 1000, (i + 1) * 1000).join(''));
    execFileSync(NODE, cli(store10000, ['add', 'rdp', part]), { stdio: 'ignore' });
  }

  // NSS database with the same 1,000, imported the way NSS imports: one certutil -A each.
  const nssFiles = path.join(scratch, 'nss-certs');
  mkdirSync(nssFiles);
  splitPem(pem1000).forEach((block, i) => writeFileSync(path.join(nssFiles, `${i}.pem`), block));
  const nssImportCount = quick ? 100 : 1000;
  const nssDb = path.join(scratch, 'nssdb');
  mkdirSync(nssDb);
  execFileSync('certutil', ['-N', '-d', `sql:${nssDb}`, '--empty-password']);
  const certutilAdd = (i: number) => execFileSync('certutil', ['-A', '-n', `bench-${i}`, '-t', 'C,,', '-i', path.join(nssFiles, `${i}.pem`), '-d', `sql:${nssDb}`]);
  const nssStart = performance.now();
  for (let i = 0; i < nssImportCount; i++) certutilAdd(i);
  // What 1,000 imports take, measured over the first nssImportCount (all 1,000 unless --quick).
  const nssImportMs = ((performance.now() - nssStart) * 1000) / nssImportCount;
  for (let i = nssImportCount; i < 1000; i++) certutilAdd(i);

  console.log('cases:');
  // 1. list 1,000, whole CLI process, vs certutil -L.
  record(
    'list 1,000 stored certificates, whole CLI process',
    await timeProcessRuns(RUNS, NODE, cli(store1000, ['list', '--json'])),
    await timeProcessRuns(RUNS, 'certutil', ['-L', '-d', `sql:${nssDb}`]),
    'ms',
    { kind: 'ratio-max', value: 0.6 },
  );

  // 2. list 10,000 in process vs reading every DER + its SHA-256.
  const service10000 = createService({ dataDir: store10000 });
  const derDir = path.join(scratch, 'der-10000');
  mkdirSync(derDir);
  ders(pem10000).forEach((der, i) => writeFileSync(path.join(derDir, `${i}.der`), der));
  const derFiles = readdirSync(derDir).map((f) => path.join(derDir, f));
  record(
    'list 10,000, in process',
    await timeRuns(RUNS, () => service10000.call('list', {}, { actor: 'cli' })),
    await timeRuns(RUNS, () => {
      for (const file of derFiles) createHash('sha256').update(readFileSync(file)).digest();
    }),
    'ms',
    { kind: 'ratio-max', value: 2 },
  );

  // 3. import a 1,000-certificate bundle: one thincert add vs 1,000 certutil -A.
  const importRuns = quick ? 2 : 3;
  const importMs = await timeRuns(importRuns, () => {
    const dir = path.join(scratch, `import-${Math.random().toString(36).slice(2)}`);
    timeProcess(NODE, cli(dir, ['add', 'rdp', data.pem1000]));
    rmSync(dir, { recursive: true, force: true });
  }, 0);
  record(
    'import a 1,000-certificate PEM bundle',
    importMs,
    nssImportMs,
    'ms',
    { kind: 'ratio-max', value: 1 / 20 },
    quick ? 'certutil measured over 100 imports, scaled to 1,000' : undefined,
  );

  // 4. one add, whole process, vs Node's start-up; beside it, the least a durable add does (bench/floors/add.cjs).
  const addInto = (args: (dir: string) => string[]) => () => {
    const dir = path.join(scratch, `one-${Math.random().toString(36).slice(2)}`);
    const ms = timeProcess(NODE, args(dir));
    rmSync(dir, { recursive: true, force: true });
    return ms;
  };
  const add = await eachInTurn(RUNS, {
    node: () => timeProcess(NODE, ['-e', '0']),
    least: addInto((dir) => [FLOOR_ADD, dir, data.one]),
    thincert: addInto((dir) => cli(dir, ['add', 'rdp', data.one])),
  });
  record(
    'one thincert add of one certificate, whole process',
    add.thincert,
    add.node,
    'ms',
    { kind: 'floor-plus', ms: 30 },
    `the least a durable add does (bench/floors/add.cjs: parse, lock, store + bundle + audit record fsync'd): ${overFloor(add.least - add.node)}`,
  );

  // 5. parse + details per certificate vs X509Certificate with the same fields, one run of each in turn.
  const mix = ders(pem10000).slice(0, 999);
  const perCert = (total: number) => (total * 1000) / mix.length;
  const parsing = await eachInTurn(RUNS, {
    thincert: timed(() => {
      for (const der of mix) parseCertificates(der);
    }),
    node: timed(() => {
      for (const der of mix) {
        const x = new X509Certificate(der);
        void [x.fingerprint256, x.fingerprint, x.subject, x.issuer, x.serialNumber, x.validFrom, x.validTo, x.ca, x.subjectAltName, x.keyUsage, x.publicKey.asymmetricKeyDetails, x.checkIssued(x)];
      }
    }),
  });
  record('parse + details per certificate (RSA, EC, Ed25519 mix)', perCert(parsing.thincert), perCert(parsing.node), 'µs', { kind: 'ratio-max', value: 1.5 });

  // Issue 16: verify --stdin throughput, in one process, vs openssl verify once per chain.
  const verified = await benchVerify(splitPem(pem1000), readFileSync(data.caPem, 'utf8'), scratch, RUNS);
  record(
    'verify --stdin, distinct chains (throughput)',
    verified.thincert,
    verified.openssl,
    'chains/s',
    { kind: 'min-rate', value: 2000 },
    `${verified.chains} distinct leaves of one CA, each line with the CA as its anchors; baseline: openssl verify -purpose sslserver, one process per chain`,
  );

  // 6–8. checks against nginx on loopback.
  const nginx = await startNginx([{ name: 'bench', chainPath: data.tlsLeaf.cert, keyPath: path.join(data.work, 'tls.key') }]);
  try {
    const storeCheck = path.join(scratch, 'store-check');
    execFileSync(NODE, cli(storeCheck, ['add', 'broker', data.caPem]), { stdio: 'ignore' });
    const serviceCheck = createService({ dataDir: storeCheck });
    const check = () => serviceCheck.call('check', { purpose: 'broker', host: '127.0.0.1', port: nginx.port }, { actor: 'cli' });
    const first = await check();
    if (!first.trusted) throw new Error(`bench server not trusted: ${first.reasons.map((r) => r.message).join('; ')}`);
    const rawHandshake = rawHandshakeTo(nginx.port, [readFileSync(data.caPem)]);
    const checkRuns = quick ? 21 : 51;
    record('check a TLS server on loopback, in process', await timeRuns(checkRuns, check, 3), await timeRuns(checkRuns, rawHandshake, 3), 'ms', { kind: 'ratio-max', value: 1.3 });

    const sClient = await timeRuns(RUNS, () => timeProcess('openssl', ['s_client', '-connect', `127.0.0.1:${nginx.port}`, '-CAfile', data.caPem, '-verify_return_error'], { input: '' }));
    const checkProcess = await eachInTurn(RUNS, {
      node: () => timeProcess(NODE, ['-e', '0']),
      least: () => timeProcess(NODE, [FLOOR_CHECK, String(nginx.port), data.caPem]),
      thincert: () => timeProcess(NODE, cli(storeCheck, ['check', 'broker', `127.0.0.1:${nginx.port}`])),
    });
    record(
      'check, whole CLI process',
      checkProcess.thincert,
      checkProcess.node,
      'ms',
      { kind: 'floor-plus', ms: 25 },
      `the least a check does (bench/floors/check.cjs: a verified TLS handshake, the peer read): ${overFloor(checkProcess.least - checkProcess.node)}; openssl s_client: ${sClient.toFixed(1)} ms`,
    );

    const ours: number[] = [];
    const raw: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      ours.push(await hundredThroughLanes(check));
      raw.push(await hundredThroughLanes(rawHandshake));
    }
    record(`100 checks, ${MAX_CONCURRENT_PROBES} at a time (throughput)`, median(ours), median(raw), 'checks/s', { kind: 'ratio-min', value: 0.8 });
  } finally {
    await nginx.stop();
  }

  // Issue 16 §2: the revocation step when a cached CRL answers, against the same check with revocation off.
  const revocation = await benchRevocation(scratch, quick ? 21 : 51);
  record(
    'check with revocation answered by a cached CRL, vs off',
    revocation.withCrl,
    revocation.off,
    'ms',
    { kind: 'ratio-max', value: 1.2 },
    `soft mode, the CRL (${revocation.revokedInCrl} revoked serials) parsed once and kept in memory by file identity`,
  );

  // 9. renderer size: what the page loads at start (its entry and every modulepreload), and all chunks.
  const size = rendererSize(ROOT);
  record('renderer JavaScript loaded at start (gzip)', size.atStart, null, 'kB', { kind: 'max-kb', value: 110 }, `all ${size.chunks} chunks: ${size.all.toFixed(1)} kB; the list, details, add and other screens, the replacement windows, the on-screen keyboard and Russian load on first use`);

  // 10. first paint of the list with 1,000 certificates vs a blank page, same Chromium.
  const paint = await firstPaint(ROOT, store1000, RUNS, 'bench.test');
  record('UI first paint with 1,000 certificates', paint.app, paint.blank, 'ms', { kind: 'ratio-max', value: 1.5 }, 'list screen opened by URL (#/purpose/rdp) until the first row is visible; baseline: a one-line page');

  // 11. the kiosk at boot: the web host started until the home screen is painted, vs Node's start + a blank page (issue 14).
  const cold = await coldStart(ROOT, store1000, RUNS);
  record(
    'web host cold start to the home screen painted',
    cold.app,
    cold.node + cold.blank,
    'ms',
    { kind: 'ratio-max', value: 1.5 },
    `1,000 certificates stored; a fresh browser context each run, the browser already running; baseline: node -e 0 (${cold.node.toFixed(0)} ms) + a one-line page (${cold.blank.toFixed(0)} ms); the least a web host does (bench/floors/web.cjs: a Node server answering with the heading alone): ${cold.floor.toFixed(0)} ms, ${(cold.floor / (cold.node + cold.blank)).toFixed(2)}×`,
  );

  await service10000.close();
  rmSync(scratch, { recursive: true, force: true });
  report(started);
}

function report(started: number): void {
  const header = '| case | ThinCert | baseline | ratio | goal | result |';
  const lines = [header, '|---|---|---|---|---|---|'];
  for (const r of rows) {
    const fmt = (v: number | null) => (v === null ? '—' : `${v < 10 ? v.toFixed(2) : v.toFixed(1)} ${r.unit}`);
    lines.push(`| ${r.case}${r.note ? ` (${r.note})` : ''} | ${fmt(r.thincert)} | ${fmt(r.baseline)} | ${r.ratio === null ? '—' : `${r.ratio.toFixed(2)}×`} | ${r.goal} | ${r.pass ? 'pass' : 'FAIL'} |`);
  }
  const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${os.release()}`;
  console.log(`\n${lines.join('\n')}\n\nmachine: ${machine}; ${quick ? 'quick' : 'full'} run in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  mkdirSync(path.join(ROOT, 'bench'), { recursive: true });
  writeFileSync(path.join(ROOT, 'bench', 'results.json'), `${JSON.stringify({ at: new Date().toISOString(), machine, quick, rows }, null, 2)}\n`);
  console.log(`${rows.filter((r) => r.pass).length} of ${rows.length} goals met; written to bench/results.json`);
}

main().catch((error: unknown) => {
  console.error(`bench: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
