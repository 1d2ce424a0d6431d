/**
 * `npm run web -- [--port P] [--host 127.0.0.1] [--data-dir D]`: the web host
 * as a process. Prints one line with the URL (and its token) once it answers.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { resolveDataDir } from '../core/data-dir';
import { createService } from '../core/create-service';
import { startWebHost } from './web-host';

/**
 * The trust files at start are read back and rewritten once the kiosk's home
 * screen had its data and time to paint, or this long after the host listens
 * when no page comes: at boot the page and this work share two cores.
 */
const TRUST_FILES_AFTER_FIRST_SCREEN_MS = 1_000;
const TRUST_FILES_WITHOUT_PAGE_MS = 3_000;

const USAGE = 'usage: npm run web -- [--port P] [--host 127.0.0.1] [--data-dir DIR] [--media-dir DIR]…';

async function main(): Promise<void> {
  let values: { port?: string; host?: string; 'data-dir'?: string; 'media-dir'?: string[]; help?: boolean };
  try {
    ({ values } = parseArgs({
      options: { port: { type: 'string' }, host: { type: 'string' }, 'data-dir': { type: 'string' }, 'media-dir': { type: 'string', multiple: true }, help: { type: 'boolean' } },
      allowPositionals: false,
    }));
  } catch (error) {
    console.error(`thincert web: ${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    process.exit(2);
  }
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`thincert web: --port must be a number from 0 to 65535\n${USAGE}`);
    process.exit(2);
  }
  if (values['data-dir'] === '') {
    // `--data-dir "$DIR"` with DIR unset must not fall back to the default store.
    console.error(`thincert web: --data-dir needs a folder; it was given an empty one\n${USAGE}`);
    process.exit(2);
  }
  const host = values.host ?? '127.0.0.1';
  const mediaDirs = values['media-dir']?.map((dir) => path.resolve(dir));
  let startOver: () => void = () => undefined;
  const trustFilesAfter = new Promise<void>((resolve) => {
    startOver = resolve;
  });
  const service = createService({ dataDir: resolveDataDir(values['data-dir']), background: true, trustFilesAfter, ...(mediaDirs ? { mediaDirs } : {}) });
  const web = await startWebHost({
    service,
    port,
    host,
    staticDir: path.join(__dirname, '..', 'renderer'),
    onFirstScreen: () => setTimeout(startOver, TRUST_FILES_AFTER_FIRST_SCREEN_MS),
  });
  setTimeout(startOver, TRUST_FILES_WITHOUT_PAGE_MS);
  if (host !== '127.0.0.1' && host !== 'localhost' && host !== '::1') {
    console.error(`thincert web: warning: listening on ${host}, reachable beyond this machine; the token still guards it.`);
  }
  console.log(`ThinCert web host: ${web.url}`);
  // While the browser loads the page, main reads what the home screen asks for first: the store decoded,
  // the lazily loaded modules in, so the page's own status call finds them ready (issue 14, cold start).
  void service.call('status', {}, { actor: 'ui' }).catch(() => undefined);
  const stop = () => {
    void service.close().finally(() => web.close().then(() => process.exit(0)));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(`thincert web: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
