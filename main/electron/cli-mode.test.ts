import { describe, expect, it } from 'vitest';
import { runCliMode, type CliApp, type FlushableStream } from './cli-mode';

/** An `app` that records what the CLI route does with it; it has no BrowserWindow and no single-instance lock to take. */
function fakeApp() {
  const calls: string[] = [];
  const switches = new Map<string, string | undefined>();
  const app: CliApp & { calls: string[]; switches: typeof switches } = {
    calls,
    switches,
    disableHardwareAcceleration: () => calls.push('disableHardwareAcceleration'),
    commandLine: {
      appendSwitch: (name, value) => switches.set(name, value),
      hasSwitch: (name) => switches.has(name),
    },
    whenReady: async () => calls.push('ready'),
    exit: (code) => calls.push(`exit ${code}`),
  };
  return app;
}

function stream(log: string[], name: string): FlushableStream {
  return {
    write: (chunk, callback) => {
      log.push(`${name}:${chunk}`);
      setTimeout(() => callback(), 5); // a pipe that drains later
      return false;
    },
  };
}

describe('the packaged app as the CLI (--cli)', () => {
  it("runs the CLI with the arguments after --cli and exits with the CLI's code", async () => {
    const app = fakeApp();
    const seen: (readonly string[])[] = [];
    await runCliMode(app, ['list', '--json'], async (args) => (seen.push(args), 3), []);
    expect(seen).toEqual([['list', '--json']]);
    expect(app.calls.at(-1)).toBe('exit 3');
  });

  it('creates no window and takes no single-instance lock: it touches only these parts of app', async () => {
    const app = fakeApp();
    await runCliMode(app, ['status'], async () => 0, []);
    expect(app.calls).toEqual(['disableHardwareAcceleration', 'ready', 'exit 0']);
  });

  it('needs no display: Ozone headless and no GPU, unless the command line already chose', async () => {
    const app = fakeApp();
    await runCliMode(app, [], async () => 0, []);
    expect(app.switches.get('ozone-platform')).toBe('headless');
    expect(app.switches.has('disable-gpu')).toBe(true);
    const chosen = fakeApp();
    chosen.switches.set('ozone-platform', 'x11');
    await runCliMode(chosen, [], async () => 0, []);
    expect(chosen.switches.get('ozone-platform')).toBe('x11');
  });

  it('lets stdout and stderr drain before exiting, so `thincert list --json | jq` gets everything', async () => {
    const app = fakeApp();
    const log: string[] = [];
    const out = stream(log, 'out');
    const err = stream(log, 'err');
    await runCliMode(app, [], async () => (out.write('{"certificates":[]}\n', () => undefined), 0), [out, err]);
    expect(log).toEqual(['out:{"certificates":[]}\n', 'out:', 'err:']);
    expect(app.calls.at(-1)).toBe('exit 0');
  });

  it('turns a crash of the CLI into exit 1 with one line on stderr, never a silent 0', async () => {
    const app = fakeApp();
    const log: string[] = [];
    await runCliMode(app, [], async () => Promise.reject(new Error('boom')), [stream(log, 'out'), stream(log, 'err')]);
    expect(log).toContain('err:thincert: internal error: boom\n');
    expect(app.calls.at(-1)).toBe('exit 1');
  });
});
