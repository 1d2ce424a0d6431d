/**
 * The renderer's one way to main: the preload's `window.thinCert` under
 * Electron, else the same API over the web host's WebSocket.
 */
import { createApi, type ThinCertApi } from '../../app/api';
import { createWebTransport } from '../../app/bridge/web-transport';

function webApi(): ThinCertApi {
  const token = new URLSearchParams(window.location.search).get('token') ?? '';
  const url = `ws://${window.location.host}/ws?token=${encodeURIComponent(token)}`;
  return createApi(createWebTransport(() => new WebSocket(url)));
}

export const api: ThinCertApi = window.thinCert ?? webApi();
