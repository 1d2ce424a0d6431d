/**
 * A TCP proxy on 127.0.0.1 that sends its first connection to one server and
 * every later one to another: a server that changes its certificate between
 * ThinCert's check and the session.
 */
import { connect, createServer, type Socket } from 'node:net';

export interface SwitchProxy {
  port: number;
  connections: number;
  stop(): Promise<void>;
}

export async function startSwitchProxy(firstPort: number, laterPort: number): Promise<SwitchProxy> {
  const sockets = new Set<Socket>();
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  };
  const proxy: SwitchProxy = { port: 0, connections: 0, stop: async () => undefined };
  const server = createServer((client) => {
    track(client);
    const upstream = connect({ host: '127.0.0.1', port: proxy.connections === 0 ? firstPort : laterPort });
    proxy.connections++;
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
  proxy.port = address.port;
  proxy.stop = () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    });
  return proxy;
}
