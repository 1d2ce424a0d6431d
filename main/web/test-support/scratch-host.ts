import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type WebSocket from 'ws';
import type { Service } from '../../core/service';
import type { WebHost } from '../web-host';

/** A blank page for a test's web host to serve, in `<scratch>/renderer`: the host's tests need a page, not the app's. */
export function blankStaticDir(scratch: string): string {
  const staticDir = path.join(scratch, 'renderer');
  mkdirSync(staticDir);
  writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>ThinCert</title>');
  return staticDir;
}

/** Ends a web test as a page leaves: its socket, then the host, then the Service; last, the scratch folder goes. */
export async function closeScratchHost(parts: { ws?: WebSocket; host?: WebHost; service?: Pick<Service, 'close'>; scratch: string }): Promise<void> {
  parts.ws?.close();
  await parts.host?.close();
  await parts.service?.close();
  rmSync(parts.scratch, { recursive: true, force: true });
}
