/**
 * Which argv means the kiosk and which means the CLI (issue 9): the packaged
 * app is also `thincert`, reached as `ThinCert.AppImage --cli …`, because the
 * RunAsNode fuse is off. Chromium switches Electron adds are ignored.
 */
export type Route =
  | { mode: 'cli'; args: string[] }
  | { mode: 'kiosk'; windowed: boolean; dataDir: string | undefined };

export function routeArgv(argv: readonly string[]): Route {
  const cliAt = argv.indexOf('--cli');
  if (cliAt !== -1) return { mode: 'cli', args: argv.slice(cliAt + 1) };
  let dataDir: string | undefined;
  let windowed = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--windowed') windowed = true;
    else if (arg === '--data-dir') dataDir = argv[++i];
    else if (arg.startsWith('--data-dir=')) dataDir = arg.slice('--data-dir='.length);
  }
  return { mode: 'kiosk', windowed, dataDir };
}
