import type { BrowserWindowConstructorOptions } from 'electron';

/** Anything constructible with window options: Electron's BrowserWindow, or a recorder in tests. */
export type WindowConstructor<W> = new (options: BrowserWindowConstructorOptions) => W;

/**
 * Opens the kiosk window. The options are an object literal written directly
 * inside `new BrowserWindow({ … })` on purpose: electronegativity reads
 * webPreferences only from such a literal, so this shape lets the static
 * analyzer see contextIsolation, sandbox and disableBlinkFeatures for itself
 * instead of us disabling its checks. The parameter is named `BrowserWindow`
 * for the same reason (the analyzer matches the constructor's name).
 */
export function createKioskWindow<W>(BrowserWindow: WindowConstructor<W>, preloadPath: string, kiosk: boolean): W {
  return new BrowserWindow({
    width: 1024,
    height: 600,
    show: false,
    kiosk,
    fullscreen: kiosk,
    autoHideMenuBar: true,
    backgroundColor: '#10233b',
    title: 'ThinCert',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools: !kiosk,
      safeDialogs: true,
      // A middle click on a link would ask for a new window (electronegativity AUXCLICK_JS_CHECK);
      // the window-open handler denies it anyway, this stops the event before it exists.
      disableBlinkFeatures: 'Auxclick',
    },
  });
}

/**
 * The options createKioskWindow passes, recorded without Electron, so a unit
 * test can prove each item of Electron's security checklist against the very
 * literal the app uses.
 */
export function kioskWindowOptions(preloadPath: string, kiosk: boolean): BrowserWindowConstructorOptions {
  class Recorder {
    constructor(readonly options: BrowserWindowConstructorOptions) {}
  }
  return createKioskWindow(Recorder, preloadPath, kiosk).options;
}
