/** A WebSocket to the web host as the page opens it: its token, its own origin. */
import WebSocket from 'ws';
import type { WebHost } from '../web-host';

export function openPageSocket(host: Pick<WebHost, 'port' | 'token'>): Promise<WebSocket> {
  return new Promise<WebSocket>((resolve, reject) => {
    const socket = new WebSocket(`ws://127.0.0.1:${host.port}/ws?token=${host.token}`, { origin: `http://127.0.0.1:${host.port}` });
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
}
