/**
 * The check rows of `npm run bench` alone (issue 14), for an A/B of a change
 * to the check: bundle this file from each tree and alternate them. Prints
 * the in-process check against a raw handshake, and 100 checks 8 at a time
 * against 100 raw handshakes, min and median over the given rounds.
 * `node out/bench/check-rows.cjs [rounds]`
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createService } from '../main/core/create-service';
import { MAX_CONCURRENT_PROBES } from '../main/core/probes/limit';
import { startNginx } from '../test/peers/nginx';
import { median, timeRuns } from './measure';
import { prepare } from './prepare';
import { runAlone } from './run-alone';
import { hundredThroughLanes, rawHandshake } from './check-measure';

const ROOT = path.resolve(__dirname, '..', '..');
const CLI = path.join(ROOT, 'out', 'cli', 'thincert.cjs');
const rounds = Number(process.argv[2] ?? 5);

runAlone('thincert-check-rows-', async (scratch) => {
  const data = await prepare(ROOT);
  const nginx = await startNginx([{ name: 'bench', chainPath: data.tlsLeaf.cert, keyPath: path.join(data.work, 'tls.key') }]);
  try {
    const store = path.join(scratch, 'store-check');
    execFileSync(process.execPath, [CLI, '--data-dir', store, 'add', 'broker', data.caPem], { stdio: 'ignore' });
    const service = createService({ dataDir: store });
    const check = () => service.call('check', { purpose: 'broker', host: '127.0.0.1', port: nginx.port }, { actor: 'cli' });
    const raw = rawHandshake(nginx.port, [readFileSync(data.caPem)]);
    const single: number[] = [];
    const many: number[] = [];
    for (let i = 0; i < rounds; i++) {
      single.push((await timeRuns(21, check, 3)) / (await timeRuns(21, raw, 3)));
      many.push((await hundredThroughLanes(check)) / (await hundredThroughLanes(raw)));
    }
    // CPU time is what a loaded machine does not blur: this process's own work per check and per raw handshake.
    const cpuPer = async (fn: () => Promise<unknown>) => {
      const start = process.cpuUsage();
      for (let i = 0; i < 200; i++) await fn();
      const used = process.cpuUsage(start);
      return (used.user + used.system) / 200 / 1000;
    };
    const cpuCheck: number[] = [];
    const cpuRaw: number[] = [];
    for (let i = 0; i < rounds; i++) {
      cpuCheck.push(await cpuPer(check));
      cpuRaw.push(await cpuPer(raw));
    }
    console.log(`CPU per check: min ${Math.min(...cpuCheck).toFixed(3)} ms, raw handshake min ${Math.min(...cpuRaw).toFixed(3)} ms (client side, nginx not counted)`);
    console.log(`check in process: min ${Math.min(...single).toFixed(2)}× median ${median(single).toFixed(2)}× a raw handshake (goal ≤ 1.3×)`);
    console.log(`100 checks, ${MAX_CONCURRENT_PROBES} at a time: max ${Math.max(...many).toFixed(2)}× median ${median(many).toFixed(2)}× raw (goal ≥ 0.8×)`);
    await service.close();
  } finally {
    await nginx.stop();
  }
});
