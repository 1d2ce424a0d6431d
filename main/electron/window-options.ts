import type { BrowserWindowConstructorOptions } from 'electron';

/**
 * The kiosk window's options, in one place so a unit test can prove each item
 * of Electron's security checklist: context isolation, sandbox, no Node in the
 * renderer, no remote content, web security on, no devtools in kiosk mode.
 */
export function kioskWindowOptions(preloadPath: string, kiosk: boolean): BrowserWindowConstructorOptions {
  return {
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
    },
  };
}
