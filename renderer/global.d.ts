import type { ThinCertApi } from '../app/api';

declare global {
  interface Window {
    /** Set by the Electron preload; absent in the web host, where the web bridge stands in. */
    thinCert?: ThinCertApi;
  }
}
