/**
 * Misbehaving TCP peers: a listener that accepts and never answers, one that
 * answers every connection with plain HTTP, and a port where nothing listens.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { freePort } from './ports';

export interface TcpPeer {
  port: number;
  stop(): Promise<void>;
}

/** A listener of ours: it also tells how many connections it has accepted so far. */
export interface ListeningPeer extends TcpPeer {
  accepted(): number;
}

async function listen(onConnection: (socket: Socket) => void): Promise<ListeningPeer> {
  const sockets = new Set<Socket>();
  let accepted = 0;
  const server: Server = createServer((socket) => {
    accepted += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    onConnection(socket);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return {
    port: address.port,
    accepted: () => accepted,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Accepts, reads, never writes: the probe must give up at its deadline. */
export function startSilentListener(): Promise<ListeningPeer> {
  return listen(() => undefined);
}

/** Answers whatever arrives with an HTTP/1.1 400, as a plain-HTTP server on the wrong port would. */
export function startPlainHttp(): Promise<ListeningPeer> {
  return listen((socket) => {
    socket.once('data', () => {
      socket.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
    });
  });
}

/** A port that was free a moment ago and is closed now: connecting is refused. */
export async function closedPort(): Promise<TcpPeer> {
  return { port: await freePort(), stop: async () => undefined };
}
