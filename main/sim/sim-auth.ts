/** PROTOCOL.md §2 from the server's side: which device sent a request, if any. */
import type { IncomingHttpHeaders } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import { deviceAuth } from '../core/management/codes';
import type { Devices } from './sim-files';

/** §2: a device time further than this from the server's own is refused (401). */
export const MAX_SKEW_SECONDS = 300;

export type AuthVerdict = { ok: true; deviceId: string } | { ok: false; reason: string };

function header(headers: IncomingHttpHeaders, name: string): string | null {
  const value = headers[name];
  return typeof value === 'string' ? value : null;
}

export function authenticate(headers: IncomingHttpHeaders, devices: Devices, nowSeconds: number): AuthVerdict {
  const deviceId = header(headers, 'x-device-id');
  const time = header(headers, 'x-device-time');
  const auth = header(headers, 'x-device-auth');
  if (deviceId === null || time === null || auth === null) return { ok: false, reason: 'missing authentication headers' };
  if (!/^[0-9]{1,12}$/.test(time)) return { ok: false, reason: 'X-Device-Time is not unix seconds' };
  if (Math.abs(Number(time) - nowSeconds) > MAX_SKEW_SECONDS) return { ok: false, reason: 'device time more than 300 s off' };
  const device = Object.prototype.hasOwnProperty.call(devices, deviceId) ? devices[deviceId] : undefined;
  if (device === undefined) return { ok: false, reason: 'unknown device' };
  const expected = Buffer.from(deviceAuth(Buffer.from(device.deviceKey, 'base64'), deviceId, Number(time)), 'ascii');
  const given = Buffer.from(auth, 'ascii');
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: 'wrong X-Device-Auth' };
  return { ok: true, deviceId };
}
