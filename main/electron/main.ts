/**
 * The Electron host: the kiosk window over the Service, or the CLI when the
 * packaged app is started with --cli. Only adapting lives here; every rule
 * lives in main/core.
 */
import { app, BrowserWindow, Menu, ipcMain, net, protocol, session } from 'electron';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createService } from '../core/create-service';
import { resolveDataDir } from '../core/data-dir';
import { runCli } from '../cli/run';
import { processIo } from '../cli/io';
import { CONTENT_SECURITY_POLICY } from '../hosts/csp';
import { routeArgv } from './argv';
import { APP_SCHEME_PRIVILEGES, resolveAppUrl } from './app-protocol';
import { mimeOf } from '../hosts/mime';
import { APP_ENTRY, APP_SCHEME, isTrustedSenderUrl } from './sender';
import { forwardEvents, registerIpc } from './ipc';
import { createKioskWindow } from './window-options';
import { shouldSwallowKey } from './kiosk-keys';
import { CrashPolicy, errorPageHtml } from './crash-policy';
import { runCliMode } from './cli-mode';
import { installContentsGuards, installSessionGuards, kioskCloseGuard, removeApplicationMenu } from './guards';

const route = routeArgv(process.argv.slice(1));

if (route.mode === 'cli') {
  // The CLI neither opens a window nor takes the single-instance lock (cli-mode.ts).
  void runCliMode(app, route.args, (args) => runCli(args, processIo()), [process.stdout, process.stderr]);
} else {
  startKiosk(route.windowed, route.dataDir);
}

function startKiosk(windowed: boolean, dataDirArg: string | undefined): void {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: APP_SCHEME_PRIVILEGES },
  ]);
  removeApplicationMenu(Menu);

  const service = createService({ dataDir: resolveDataDir(dataDirArg), background: true });
  const rendererDir = path.join(__dirname, '..', 'renderer');
  const preloadPath = path.join(__dirname, '..', 'preload', 'preload.cjs');
  const crashes = new CrashPolicy();
  let window: BrowserWindow | null = null;

  app.on('second-instance', () => {
    if (window) {
      if (window.isMinimized()) window.restore();
      window.focus();
    }
  });

  app.on('web-contents-created', (_event, contents) => installContentsGuards(contents));

  void app.whenReady().then(() => {
    installSessionGuards(session.defaultSession);
    protocol.handle(APP_SCHEME, async (request) => {
      const file = resolveAppUrl(rendererDir, request.url);
      if (!file) return new Response('not found', { status: 404 });
      const response = await net.fetch(pathToFileURL(file).toString());
      return new Response(response.body, {
        status: response.status,
        headers: { 'content-type': mimeOf(file), 'content-security-policy': CONTENT_SECURITY_POLICY.electron },
      });
    });
    registerIpc(ipcMain, service);

    const kiosk = !windowed;
    window = createKioskWindow(BrowserWindow, preloadPath, kiosk);
    const win = window;
    forwardEvents(service, () => (win.isDestroyed() ? null : win.webContents));
    if (kiosk) {
      win.webContents.on('before-input-event', (event, input) => {
        if (shouldSwallowKey(input)) event.preventDefault();
      });
      // The renderer cannot close the kiosk: only the system (shutdown) ends it.
      win.on('close', kioskCloseGuard(() => quitting));
    }
    let lastFailure = 'The screen process ended.';
    win.webContents.on('render-process-gone', (_event, details) => {
      if (quitting) return;
      const why = details.reason === 'killed' ? lastFailure : `The screen process ended (${details.reason}).`;
      lastFailure = 'The screen process ended.';
      if (crashes.onFailure(Date.now()) === 'reload') void win.loadURL(APP_ENTRY);
      else void win.loadURL(`data:text/html;charset=utf-8,${encodeURIComponent(errorPageHtml(why))}`);
    });
    // A hung renderer is crashed rather than reloaded in place (a navigation can
    // wait behind the hung page); the render-process-gone that follows counts it once.
    win.on('unresponsive', () => {
      lastFailure = 'The screen did not respond.';
      win.webContents.forcefullyCrashRenderer();
    });
    // A successful load of the app page after the error page (Retry) starts the count over.
    win.webContents.on('did-finish-load', () => {
      if (isTrustedSenderUrl(win.webContents.getURL())) crashes.onAppPageLoaded();
    });
    win.once('ready-to-show', () => win.show());
    void win.loadURL(APP_ENTRY);
  });

  let quitting = false;
  app.on('before-quit', () => {
    quitting = true;
    void service.close();
  });
  app.on('window-all-closed', () => app.quit());
}
