/** The HTTP side of ksc-sim: §1 enroll and §3 policy, §2 authentication on the latter. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { authenticate } from './sim-auth';
import { readDevices, writeDevices } from './sim-files';
import type { LiveState } from './sim-state';

const MAX_BODY_BYTES = 64 * 1024;
const DEVICE_ID = /^[A-Za-z0-9._-]{1,64}$/;

export function createRoutes(state: LiveState, log: (line: string) => void) {
  // Enrollments are read-modify-write of devices.json; one at a time in this process.
  let enrollments: Promise<unknown> = Promise.resolve();

  function send(response: ServerResponse, status: number, body: unknown): void {
    const text = JSON.stringify(body);
    response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    response.end(text);
  }

  async function enroll(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readBody(request);
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      send(response, 400, { error: 'body is not JSON' });
      return;
    }
    const deviceId = typeof parsed === 'object' && parsed !== null && 'deviceId' in parsed ? parsed.deviceId : undefined;
    const deviceKey = typeof parsed === 'object' && parsed !== null && 'deviceKey' in parsed ? parsed.deviceKey : undefined;
    if (typeof deviceId !== 'string' || !DEVICE_ID.test(deviceId)) {
      send(response, 400, { error: 'deviceId must be 1-64 of [A-Za-z0-9._-]' });
      return;
    }
    if (typeof deviceKey !== 'string' || Buffer.from(deviceKey, 'base64').length !== 32 || Buffer.from(deviceKey, 'base64').toString('base64') !== deviceKey) {
      send(response, 400, { error: 'deviceKey must be base64 of 32 bytes' });
      return;
    }
    const run = enrollments.then(async () => {
      const devices = readDevices(state.dir);
      // §1.3: the id is taken → 409, the client picks another.
      if (Object.prototype.hasOwnProperty.call(devices, deviceId)) return 409;
      await writeDevices(state.dir, { ...devices, [deviceId]: { deviceKey, enrolledAt: new Date().toISOString() } });
      return 201;
    });
    enrollments = run.catch(() => undefined);
    const status = await run;
    log(`enroll ${deviceId}: ${status}`);
    send(response, status, status === 201 ? { deviceId } : { error: 'deviceId taken' });
  }

  function policy(request: IncomingMessage, response: ServerResponse): void {
    const verdict = authenticate(request.headers, state.currentDevices(), Math.floor(Date.now() / 1000));
    if (!verdict.ok) {
      log(`policy: 401 (${verdict.reason})`);
      send(response, 401, { error: 'unauthorized' });
      return;
    }
    send(response, 200, state.currentPolicy());
  }

  return async function route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    try {
      const path = (request.url ?? '').split('?')[0];
      if (request.method === 'POST' && path === '/thincert/v1/enroll') await enroll(request, response);
      else if (request.method === 'GET' && path === '/thincert/v1/policy') policy(request, response);
      else send(response, 404, { error: 'not found' });
    } catch (error) {
      log(`error: ${error instanceof Error ? error.message : String(error)}`);
      if (!response.headersSent) send(response, 500, { error: 'internal' });
      else response.destroy();
    }
  };
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        request.destroy();
        reject(new Error('request body too large'));
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}
