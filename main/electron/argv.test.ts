import { describe, expect, it } from 'vitest';
import { routeArgv } from './argv';

describe('argv routing of the packaged app', () => {
  it('runs the kiosk when started without --cli', () => {
    expect(routeArgv([])).toEqual({ mode: 'kiosk', windowed: false, dataDir: undefined });
  });
  it('honours --windowed and --data-dir in both spellings', () => {
    expect(routeArgv(['--windowed', '--data-dir', '/tmp/a'])).toEqual({ mode: 'kiosk', windowed: true, dataDir: '/tmp/a' });
    expect(routeArgv(['--data-dir=/tmp/b'])).toEqual({ mode: 'kiosk', windowed: false, dataDir: '/tmp/b' });
  });
  it('hands everything after --cli to the CLI, unchanged', () => {
    expect(routeArgv(['--cli', 'list', '--json'])).toEqual({ mode: 'cli', args: ['list', '--json'] });
    expect(routeArgv(['--no-sandbox', '--cli', '--data-dir', '/d', 'status'])).toEqual({ mode: 'cli', args: ['--data-dir', '/d', 'status'] });
  });
  it('ignores Chromium switches in kiosk mode', () => {
    expect(routeArgv(['--enable-features=X', '--ozone-platform=wayland'])).toEqual({ mode: 'kiosk', windowed: false, dataDir: undefined });
  });
});
