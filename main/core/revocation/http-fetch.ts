/**
 * Plain HTTP for CRL distribution points and OCSP responders (RFC 5280
 * §4.2.1.13 and RFC 6960 use http:, and fetching them over https would need
 * the very trust being decided). One short deadline for the whole exchange:
 * a revocation source that does not answer must not hold the kiosk.
 */
import { request } from 'node:http';
import type { LookupFunction } from 'node:net';

export const REVOCATION_FETCH_TIMEOUT_MS = 2_500;

export interface FetchOptions {
  body?: { contentType: string; bytes: Buffer };
  timeoutMs?: number;
  maxBytes: number;
  lookup?: LookupFunction;
}

export type FetchOutcome = { ok: true; bytes: Buffer } | { ok: false; why: 'unreachable' | 'http-error' | 'too-large' | 'not-http' };

export function httpFetch(url: string, options: FetchOptions): Promise<FetchOutcome> {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return Promise.resolve({ ok: false, why: 'not-http' });
  }
  if (target.protocol !== 'http:') return Promise.resolve({ ok: false, why: 'not-http' });
  // The caller's time budget is spent: not even a connection is tried.
  if (options.timeoutMs !== undefined && options.timeoutMs <= 0) return Promise.resolve({ ok: false, why: 'unreachable' });
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const done = (outcome: FetchOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      resolve(outcome);
    };
    const req = request(
      target,
      {
        method: options.body ? 'POST' : 'GET',
        headers: options.body ? { 'content-type': options.body.contentType, 'content-length': options.body.bytes.length } : {},
        ...(options.lookup ? { lookup: options.lookup } : {}),
        agent: false,
      },
      (response) => {
        if (response.statusCode !== 200) return done({ ok: false, why: 'http-error' });
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > options.maxBytes) done({ ok: false, why: 'too-large' });
          else chunks.push(chunk);
        });
        response.on('end', () => done({ ok: true, bytes: Buffer.concat(chunks) }));
        response.on('error', () => done({ ok: false, why: 'unreachable' }));
      },
    );
    const timer = setTimeout(() => done({ ok: false, why: 'unreachable' }), options.timeoutMs ?? REVOCATION_FETCH_TIMEOUT_MS);
    req.on('error', () => done({ ok: false, why: 'unreachable' }));
    req.end(options.body?.bytes);
  });
}
