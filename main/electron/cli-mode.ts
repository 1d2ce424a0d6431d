/**
 * `ThinCert.AppImage --cli …` (issue 9): with the RunAsNode fuse off, the
 * packaged app itself is `thincert` for administrators over SSH. It runs the
 * same CLI in the main process, and on purpose never creates a window and never
 * takes the single-instance lock, so it works while the kiosk is running. Only
 * the parts of `app` it uses are typed here, so a test proves that nothing
 * else (BrowserWindow, requestSingleInstanceLock) is ever reached.
 */
export interface CliApp {
  disableHardwareAcceleration(): void;
  commandLine: { appendSwitch(name: string, value?: string): void; hasSwitch(name: string): boolean };
  whenReady(): Promise<unknown>;
  exit(code: number): void;
}

export interface FlushableStream {
  write(chunk: string, callback: (error?: Error | null) => void): boolean;
}

/**
 * Chromium switches for a run without a display. An SSH session has neither
 * DISPLAY nor WAYLAND_DISPLAY, and Ozone's default platform would abort with
 * "Missing X server or $DISPLAY" before the CLI answers; Ozone's headless
 * backend is compiled into Electron's Linux build. The wrapper script
 * (assets/kiosk/thincert) passes the same switches on the command line, which
 * is the reliable place; appending them here covers a direct `--cli` call.
 */
export const CLI_SWITCHES: readonly (readonly [string, string?])[] = [
  ['ozone-platform', 'headless'],
  ['disable-gpu'],
];

export function runCliMode(
  app: CliApp,
  args: readonly string[],
  runCli: (args: readonly string[]) => Promise<number>,
  streams: readonly FlushableStream[],
): Promise<void> {
  app.disableHardwareAcceleration();
  for (const [name, value] of CLI_SWITCHES) {
    if (!app.commandLine.hasSwitch(name)) app.commandLine.appendSwitch(name, value);
  }
  return app.whenReady().then(async () => {
    let code: number;
    try {
      code = await runCli(args);
    } catch (error) {
      // runCli turns every expected error into an exit status; this is a bug, said once, not a silent exit 0.
      await write(streams[1], `thincert: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
      code = 1;
    }
    // app.exit() ends the process at once; output still queued for a pipe
    // (`thincert list --json | jq`) would be lost, so wait for it first.
    await Promise.all(streams.map((stream) => write(stream, '')));
    app.exit(code);
  });
}

function write(stream: FlushableStream | undefined, text: string): Promise<void> {
  if (!stream) return Promise.resolve();
  return new Promise((resolve) => {
    stream.write(text, () => resolve());
  });
}
