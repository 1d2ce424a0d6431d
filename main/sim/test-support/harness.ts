/** One simulator + one client data folder per test: the real ksc-sim on 127.0.0.1, in-process. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createService, type CreateServiceOptions, type ThinCertService } from '../../core/create-service';
import { openCertStore } from '../../core/store/cert-store';
import { ManagementClient } from '../../core/management/client';
import { readDeviceKey } from '../../core/management/state';
import { main as kscAdmin } from '../ksc-admin';
import { main as kscSim, type RunningSim } from '../ksc-sim';
import { captureIo, makeCert, movableClock, tempDir, type TestCert } from './fixtures';

export interface Harness {
  certs: string;
  simData: string;
  dataDir: string;
  clock: ReturnType<typeof movableClock>;
  original: TestCert;
  sim: RunningSim;
  client(): ManagementClient;
  admin(...argv: string[]): Promise<{ status: number; out: string[]; err: string[] }>;
  restartSim(cert: TestCert, simData?: string): Promise<void>;
  deviceKey(): Promise<Buffer>;
  devicesOnServer(): Record<string, { deviceKey: string; enrolledAt: string }>;
  close(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  const certs = tempDir('certs');
  const simData = tempDir('sim');
  const dataDir = tempDir('client');
  const clock = movableClock();
  const original = makeCert(certs, 'ksc.example.test');
  let sim = await kscSim(['--data', simData, '--cert', original.cert, '--key', original.key, '--port', '0'], captureIo().io);
  const harness: Harness = {
    certs,
    simData,
    dataDir,
    clock,
    original,
    get sim() {
      return sim;
    },
    client: () => new ManagementClient({ dataDir, store: openCertStore(dataDir), clock, timeoutMs: 5000 }),
    async admin(...argv) {
      const { io, out, err } = captureIo();
      // --data after the subcommand, as PROTOCOL.md §5 allows.
      const status = await kscAdmin([...argv, '--data', simData], io);
      return { status, out, err };
    },
    async restartSim(cert, data = simData) {
      const port = sim.port;
      await sim.close();
      sim = await kscSim(['--data', data, '--cert', cert.cert, '--key', cert.key, '--port', String(port)], captureIo().io);
    },
    async deviceKey() {
      const key = await readDeviceKey(dataDir);
      if (key === null) throw new Error('no device key');
      return key;
    },
    devicesOnServer: () => JSON.parse(readFileSync(join(simData, 'devices.json'), 'utf8')) as Record<string, { deviceKey: string; enrolledAt: string }>,
    close: () => sim.close(),
  };
  return harness;
}

export interface ServiceHarness extends Harness {
  /** A Service on the client's data folder and the harness's clock, closed with the harness. */
  service: ThinCertService;
}

export async function startHarnessWithService(options: Omit<CreateServiceOptions, 'dataDir' | 'clock'> = {}): Promise<ServiceHarness> {
  const harness = await startHarness();
  const service = createService({ ...options, dataDir: harness.dataDir, clock: harness.clock });
  return {
    ...harness,
    service,
    async close() {
      await service.close();
      await harness.close();
    },
  };
}

/** Enrolls the harness's client the way an operator does: preview, confirm F, enroll. */
export async function enrolled(h: Harness) {
  const client = h.client();
  const seen = await client.previewServer({ host: '127.0.0.1', port: h.sim.port });
  const status = await client.enroll({ host: '127.0.0.1', port: h.sim.port, acceptFingerprint: seen.fingerprint });
  return { client, status };
}
