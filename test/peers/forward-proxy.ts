/**
 * A TCP forwarder on 127.0.0.1 whose upstream the test moves: one address
 * (`127.0.0.1:port`) that is one server now and another later, as a remote
 * desktop that was given a new certificate, or a farm behind one name.
 */
import { connect, createServer, type Socket } from 'node:net';

export interface ForwardProxy {
  port: number;
  /** Connections accepted so far. */
  readonly connections: number;
  /** New connections go to this port from now on. */
  point(upstreamPort: number): void;
  stop(): Promise<void>;
}

export async function startForwardProxy(upstreamPort: number, onConnection?: (proxy: ForwardProxy) => void): Promise<ForwardProxy> {
  let upstreamTo = upstreamPort;
  let connections = 0;
  const sockets = new Set<Socket>();
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  };
  const server = createServer((client) => {
    track(client);
    const upstream = connect({ host: '127.0.0.1', port: upstreamTo });
    connections++;
    onConnection?.(proxy);
    track(upstream);
    client.pipe(upstream);
    upstream.pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  const proxy: ForwardProxy = {
    port: address.port,
    get connections() {
      return connections;
    },
    point: (port) => {
      upstreamTo = port;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
  return proxy;
}
