/**
 * The benchmark's own data, made once and kept in bench/work/: certificates
 * signed by `openssl ca` in one process per batch (a CSR signed many times
 * gets a new serial each time, so every certificate is distinct), a
 * ThinCert store and an NSS database with the same 1,000 certificates.
 */
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface BenchData {
  work: string;
  /** PEM bundles of 1,000 and 10,000 distinct certificates (RSA, EC, Ed25519 leaves). */
  pem1000: string;
  pem10000: string;
  one: string;
  caPem: string;
  caKey: string;
  tlsLeaf: { cert: string; key: string };
}

const execFileAsync = promisify(execFile);

const CA_CONFIG = `[ ca ]
default_ca = CA_default
[ CA_default ]
dir = .
database = ./index.txt
new_certs_dir = ./newcerts
serial = ./serial
default_md = sha256
policy = policy_any
unique_subject = no
default_days = 365
copy_extensions = copy
[ policy_any ]
commonName = supplied
`;

function openssl(cwd: string, args: string[]): void {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

function signMany(dir: string, csrs: string[], count: number, firstSerial: number): string {
  const batch = path.join(dir, `batch-${firstSerial}`);
  rmSync(batch, { recursive: true, force: true });
  mkdirSync(path.join(batch, 'newcerts'), { recursive: true });
  writeFileSync(path.join(batch, 'index.txt'), '');
  writeFileSync(path.join(batch, 'serial'), firstSerial.toString(16).padStart(6, '0'));
  writeFileSync(path.join(batch, 'ca.cnf'), CA_CONFIG);
  const infiles = Array.from({ length: count }, (_, i) => csrs[i % csrs.length] as string);
  const result = spawnSync('openssl', ['ca', '-batch', '-config', 'ca.cnf', '-cert', path.join(dir, 'ca.pem'), '-keyfile', path.join(dir, 'ca.key'), '-notext', '-out', path.join(batch, 'last.pem'), '-infiles', ...infiles], { cwd: batch, stdio: ['ignore', 'ignore', 'pipe'] });
  if (result.status !== 0) throw new Error(`openssl ca failed: ${result.stderr.toString()}`);
  const files = readdirSync(path.join(batch, 'newcerts')).sort();
  const pem = files.map((f) => readFileSync(path.join(batch, 'newcerts', f), 'utf8')).join('');
  rmSync(batch, { recursive: true, force: true });
  return pem;
}

/**
 * 1,000 certificates with distinct subjects: NSS files certificates by
 * subject and refuses a second nickname for one subject, so the certutil
 * baselines need them distinct. `openssl x509 -req -subj` per certificate,
 * four at a time.
 */
async function distinctSubjects(dir: string, csrs: string[], count: number): Promise<string> {
  const out: string[] = new Array(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      // RSA and EC only: NSS's certutil does not import Ed25519 certificates.
      const key = ['rsa', 'ec'][i % 2] as string;
      const { stdout } = await execFileAsync('openssl', [
        'x509', '-req', '-in', csrs[i % 2] as string, '-CA', path.join(dir, 'ca.pem'), '-CAkey', path.join(dir, 'ca.key'),
        '-set_serial', String(0x200000 + i), '-days', '365', '-sha256', '-subj', `/CN=host${i}.${key}.bench.test/O=ThinCert Bench`,
        '-copy_extensions', 'copy',
      ], { cwd: dir });
      out[i] = stdout;
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  return out.join('');
}

export async function prepare(root: string): Promise<BenchData> {
  const work = path.join(root, 'bench', 'work');
  mkdirSync(work, { recursive: true });
  const data: BenchData = {
    work,
    pem1000: path.join(work, 'certs-1000.pem'),
    pem10000: path.join(work, 'certs-10000.pem'),
    one: path.join(work, 'one.pem'),
    caPem: path.join(work, 'ca.pem'),
    caKey: path.join(work, 'ca.key'),
    tlsLeaf: { cert: path.join(work, 'tls-chain.pem'), key: path.join(work, 'tls.key') },
  };
  if (existsSync(data.pem10000) && existsSync(data.pem1000) && existsSync(data.tlsLeaf.cert)) return data;

  openssl(work, ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-subj', '/CN=ThinCert Bench CA', '-days', '3650', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign']);
  const keys: [string, string[]][] = [
    ['rsa', ['-newkey', 'rsa:2048']],
    ['ec', ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256']],
    ['ed', ['-newkey', 'ed25519']],
  ];
  const csrs = keys.map(([name, keyArgs]) => {
    openssl(work, ['req', '-new', ...keyArgs, '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name}.bench.test`, '-addext', `subjectAltName=DNS:${name}.bench.test`, '-addext', 'extendedKeyUsage=serverAuth']);
    return path.join(work, `${name}.csr`);
  });
  const tenThousand: string[] = [];
  for (let b = 0; b < 10; b++) tenThousand.push(signMany(work, csrs, 1000, 0x100000 + b * 1000));
  writeFileSync(data.pem1000, await distinctSubjects(work, csrs, 1000));
  writeFileSync(data.pem10000, tenThousand.join(''));
  writeFileSync(data.one, (tenThousand[1] as string).split('-----END CERTIFICATE-----')[0] + '-----END CERTIFICATE-----\n');
  // The TLS server of the check cases: an EC leaf for 127.0.0.1 issued by the bench CA.
  openssl(work, ['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'tls.key', '-out', 'tls.csr', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1']);
  const tlsPem = signMany(work, [path.join(work, 'tls.csr')], 1, 0x900000);
  writeFileSync(data.tlsLeaf.cert, tlsPem);
  return data;
}
