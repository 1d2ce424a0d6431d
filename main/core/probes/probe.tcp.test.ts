/** Probes against servers that do not speak TLS or RDP, or do not answer at all. */
import type { LookupFunction } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closedPort, startPlainHttp, startSilentListener, type TcpPeer } from '../../../test/peers/tcp';
import { isThinCertError } from '../errors';
import { connectionRequest, parseConnectionConfirm, readTpkt } from './rdp-negotiation';
import { probeRdp } from './rdp';
import { probeTls } from './tls';

let silent: TcpPeer;
let http: TcpPeer;
let closed: TcpPeer;

beforeAll(async () => {
  [silent, http, closed] = await Promise.all([startSilentListener(), startPlainHttp(), closedPort()]);
});
afterAll(async () => {
  await Promise.all([silent?.stop(), http?.stop(), closed?.stop()]);
});

async function failureOf(probe: Promise<unknown>): Promise<{ code: string; params: unknown }> {
  try {
    await probe;
  } catch (error) {
    if (isThinCertError(error)) return { code: error.code, params: error.params };
    throw error;
  }
  throw new Error('the probe succeeded');
}

/** Resolves every name to "not found" without sending a DNS query anywhere. */
const noSuchName: LookupFunction = (hostname, _options, callback) => {
  const error: NodeJS.ErrnoException = Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
  (callback as (err: NodeJS.ErrnoException | null, address: string, family: number) => void)(error, '', 0);
};

describe('probes of servers that are not what they should be', () => {
  it('says connection-refused for a closed port', async () => {
    const failure = await failureOf(probeTls({ host: 'server.test', connectTo: '127.0.0.1', port: closed.port }));
    expect(failure).toEqual({ code: 'connection-refused', params: { address: '127.0.0.1', port: closed.port } });
  });

  it('gives up with timeout when a listener never answers, within the bound', async () => {
    const started = Date.now();
    const failure = await failureOf(probeTls({ host: 'server.test', connectTo: '127.0.0.1', port: silent.port, timeoutMs: 400 }));
    expect(failure.code).toBe('timeout');
    expect(failure.params).toMatchObject({ phase: 'tls', seconds: 0.4 });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('says not-tls when the port answers plain HTTP', async () => {
    const failure = await failureOf(probeTls({ host: 'server.test', connectTo: '127.0.0.1', port: http.port }));
    expect(failure.code).toBe('not-tls');
  });

  it('says dns-failure when the name does not resolve', async () => {
    const failure = await failureOf(probeTls({ host: 'nowhere.invalid', port: 443, lookup: noSuchName }));
    expect(failure).toMatchObject({ code: 'dns-failure', params: { address: 'nowhere.invalid' } });
  });

  it('says not-rdp when an RDP probe meets an HTTP server', async () => {
    const failure = await failureOf(probeRdp({ host: 'rdp.test', connectTo: '127.0.0.1', port: http.port }));
    expect(failure).toMatchObject({ code: 'not-rdp', params: { sample: 'HTTP/1.1 400 Bad' } });
  });

  it('times out an RDP probe against a silent listener during negotiation', async () => {
    const failure = await failureOf(probeRdp({ host: 'rdp.test', connectTo: '127.0.0.1', port: silent.port, timeoutMs: 300 }));
    expect(failure).toMatchObject({ code: 'timeout', params: { phase: 'rdp' } });
  });
});

describe('RDP negotiation packets ([MS-RDPBCGR] 2.2.1.1, 2.2.1.2)', () => {
  it('builds a 19-byte Connection Request offering SSL and HYBRID', () => {
    expect(connectionRequest().toString('hex')).toBe('030000130ee000000000000100080003000000');
  });

  it('reads a Connection Confirm selecting TLS, a failure, and one without negotiation data', () => {
    const confirm = (tail: string) => Buffer.from(`0300${(11 + tail.length / 2).toString(16).padStart(4, '0')}${(6 + tail.length / 2).toString(16).padStart(2, '0')}d000001234 00${tail}`.replace(/ /g, ''), 'hex');
    const frame = (b: Buffer) => {
      const read = readTpkt(b);
      if (read.kind !== 'frame') throw new Error(read.kind);
      return read.frame;
    };
    expect(parseConnectionConfirm(frame(confirm('0200080001000000')))).toEqual({ kind: 'selected', protocol: 1 });
    expect(parseConnectionConfirm(frame(confirm('0300080005000000')))).toEqual({ kind: 'failure', failureCode: 5 });
    expect(parseConnectionConfirm(frame(confirm('')))).toEqual({ kind: 'no-negotiation' });
    expect(readTpkt(Buffer.from('HTTP/1.1'))).toEqual({ kind: 'not-rdp' });
  });
});
