import { readFileSync } from 'node:fs';
import type { AddressInfo, Socket } from 'node:net';
import tls from 'node:tls';
import { afterEach, describe, expect, it } from 'vitest';
import { makeCert, tempDir } from './test-support/certs';
import { pinnedExchange, presentedLeaf } from './pinned-connection';

let server: tls.Server | null = null;
afterEach(() => {
  server?.close();
  server = null;
});

/** A TLS server that answers HTTP 200 and counts the bytes each connection sent after the handshake. */
async function countingServer(): Promise<{ port: number; received: number[]; connections: () => number; closed: () => number; der: Buffer }> {
  const cert = makeCert(tempDir('pin'), 'pin.example.test');
  const received: number[] = [];
  server = tls.createServer({ cert: readFileSync(cert.cert), key: readFileSync(cert.key) }, (socket) => {
    const index = received.push(0) - 1;
    socket.on('data', (chunk: Buffer) => {
      received[index] = (received[index] ?? 0) + chunk.length;
      socket.end('HTTP/1.1 200 OK\r\ncontent-length: 2\r\nconnection: close\r\n\r\n{}');
    });
    socket.on('error', () => undefined);
  });
  let connections = 0;
  let closed = 0;
  server.on('connection', (raw: Socket) => {
    connections += 1;
    raw.on('close', () => {
      closed += 1;
    });
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, received, connections: () => connections, closed: () => closed, der: cert.der };
}

const call = { method: 'GET' as const, path: '/thincert/v1/policy', headers: { 'x-device-id': 'tc-1' } };

describe('pinned connections (PROTOCOL.md §1, §2)', () => {
  it('sends not one request byte to a leaf it does not accept', async () => {
    const peer = await countingServer();
    const outcome = await pinnedExchange({ host: '127.0.0.1', port: peer.port, connectTo: null }, () => false, call);
    expect(outcome.kind).toBe('refused');
    expect(outcome.leaf.equals(peer.der)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 100));
    // The client may close before the server even finishes its side of the handshake.
    expect(peer.connections()).toBe(1);
    expect(peer.received.reduce((sum, n) => sum + n, 0)).toBe(0);
  });

  it('speaks HTTP once the leaf is accepted', async () => {
    const peer = await countingServer();
    const outcome = await pinnedExchange({ host: '127.0.0.1', port: peer.port, connectTo: null }, (leaf) => leaf.equals(peer.der), call);
    expect(outcome).toMatchObject({ kind: 'answered', status: 200, body: '{}' });
    expect(peer.received[0]).toBeGreaterThan(0);
  });

  it('shows the presented leaf without sending anything', async () => {
    const peer = await countingServer();
    const leaf = await presentedLeaf({ host: 'pin.example.test', port: peer.port, connectTo: '127.0.0.1' });
    expect(leaf.equals(peer.der)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(peer.connections()).toBe(1);
    expect(peer.received.reduce((sum, n) => sum + n, 0)).toBe(0);
  });

  it('says server-unreachable when nothing listens', async () => {
    const peer = await countingServer();
    server?.close();
    server = null;
    await expect(presentedLeaf({ host: '127.0.0.1', port: peer.port, connectTo: null }, 2000)).rejects.toMatchObject({ code: 'server-unreachable' });
  });

  it('closes the connection when the request cannot be written (a host name no header may carry)', async () => {
    const peer = await countingServer();
    for (const host of ['a\r\nb', 'ксц.example']) {
      const attempt = pinnedExchange({ host, port: peer.port, connectTo: '127.0.0.1' }, () => true, call, 20_000);
      await expect(attempt).rejects.toMatchObject({ code: 'server-unreachable' });
    }
    // Before the fix the sockets stayed open until their 20 s timeout fired an error nobody listened to.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(peer.connections()).toBe(2);
    expect(peer.closed()).toBe(2);
    expect(peer.received.reduce((sum, n) => sum + n, 0)).toBe(0);
  });
});
