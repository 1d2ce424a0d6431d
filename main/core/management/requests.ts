/** The two HTTP calls of PROTOCOL.md (§1 enroll, §3 policy) with the §2 authentication headers. */
import { deviceAuth } from './codes';
import type { HttpCall } from './pinned-connection';

export const ENROLL_PATH = '/thincert/v1/enroll';
export const POLICY_PATH = '/thincert/v1/policy';

/** §1.3: the one time K leaves the device. */
export function enrollCall(deviceId: string, deviceKey: Buffer): HttpCall {
  return {
    method: 'POST',
    path: ENROLL_PATH,
    headers: {},
    body: JSON.stringify({ deviceId, deviceKey: deviceKey.toString('base64') }),
  };
}

/** §2 headers, then §3 GET. The time is the client's; the server allows ±300 s. */
export function policyCall(deviceId: string, deviceKey: Buffer, now: Date): HttpCall {
  return { method: 'GET', path: POLICY_PATH, headers: authHeaders(deviceId, deviceKey, now) };
}

export function authHeaders(deviceId: string, deviceKey: Buffer, now: Date): Record<string, string> {
  const unixSeconds = Math.floor(now.getTime() / 1000);
  return {
    'x-device-id': deviceId,
    'x-device-time': String(unixSeconds),
    'x-device-auth': deviceAuth(deviceKey, deviceId, unixSeconds),
  };
}

/** PROTOCOL.md Terms: 1–64 characters of [A-Za-z0-9._-]. */
export const DEVICE_ID_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;
