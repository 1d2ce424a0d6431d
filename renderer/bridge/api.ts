/**
 * The renderer's one way to main: the preload's `window.thinCert` under
 * Electron, else the same API over the web host's WebSocket.
 */
import { createApi, type ThinCertApi } from '../../app/api';
import { createWebTransport } from '../../app/bridge/web-transport';

function webApi(): ThinCertApi {
  const address = new URL(window.location.href);
  const token = address.searchParams.get('token');
  if (token !== null) {
    // The token leaves the address bar (history, screenshots, shoulder surfers); the
    // HttpOnly cookie the host set with this page carries it on reloads and to the socket.
    address.searchParams.delete('token');
    window.history.replaceState(window.history.state, '', address);
  }
  const url = token ? `ws://${window.location.host}/ws?token=${encodeURIComponent(token)}` : `ws://${window.location.host}/ws`;
  return createApi(createWebTransport(() => new WebSocket(url)));
}

export const api: ThinCertApi = window.thinCert ?? webApi();
