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

describe('argv routing: every CLI.md command goes to the CLI', () => {
  it.each(['add', 'audit', 'check', 'config', 'enroll', 'export', 'fetch', 'list', 'remove', 'replace', 'show', 'status', 'sync', 'help'])('--cli %s', (command) => {
    expect(routeArgv(['--ozone-platform=headless', '--disable-gpu', '--cli', command, '--json'])).toEqual({ mode: 'cli', args: [command, '--json'] });
  });
  it('a --cli that is an argument of the CLI stays the CLI’s', () => {
    expect(routeArgv(['--cli', 'add', '--label', '--cli'])).toEqual({ mode: 'cli', args: ['add', '--label', '--cli'] });
  });
  it('--cli with nothing after it is the CLI (which prints its usage), not the kiosk', () => {
    expect(routeArgv(['--cli'])).toEqual({ mode: 'cli', args: [] });
  });
  it('the packaged kiosk started by the unit (a Chromium switch only) is the kiosk', () => {
    expect(routeArgv(['--ozone-platform=wayland'])).toEqual({ mode: 'kiosk', windowed: false, dataDir: undefined });
  });
});
