/**
 * A TCP proxy on 127.0.0.1 that sends its first connection to one server and
 * every later one to another: a server that changes its certificate between
 * ThinCert's check and the session. The forwarder re-pointed after its first
 * connection.
 */
import { startForwardProxy, type ForwardProxy } from './forward-proxy';

export type SwitchProxy = Pick<ForwardProxy, 'port' | 'connections' | 'stop'>;

export function startSwitchProxy(firstPort: number, laterPort: number): Promise<SwitchProxy> {
  return startForwardProxy(firstPort, (proxy) => proxy.point(laterPort));
}
