import { describe, expect, it } from 'vitest';
import { parseCliArgs, type CommandSpec } from './args';

const commands: Record<string, CommandSpec> = {
  status: { positionals: [], flags: {}, summary: '', usage: 'status' },
  add: { positionals: ['purpose', 'file'], flags: { label: 'string' }, summary: '', usage: 'add PURPOSE FILE' },
  list: { positionals: ['purpose?'], flags: {}, summary: '', usage: 'list [PURPOSE]' },
  policy: { positionals: [], flags: { add: 'strings' }, summary: '', usage: 'policy' },
};

describe('thincert argument parsing', () => {
  it('accepts global options before and after the command', () => {
    const outcome = parseCliArgs(['--data-dir', '/d', 'add', 'rdp', 'c.pem', '--json', '--label=Office'], commands);
    expect(outcome).toMatchObject({
      kind: 'command',
      parsed: { command: 'add', dataDir: '/d', json: true, positionals: { purpose: 'rdp', file: 'c.pem' }, flags: { label: 'Office' } },
    });
  });
  it('takes - as a positional (stdin)', () => {
    expect(parseCliArgs(['add', 'rdp', '-'], commands)).toMatchObject({ kind: 'command', parsed: { positionals: { file: '-' } } });
  });
  it('optional positionals may be left out', () => {
    expect(parseCliArgs(['list'], commands)).toMatchObject({ kind: 'command', parsed: { positionals: { purpose: undefined } } });
  });
  it('collects repeated list flags', () => {
    expect(parseCliArgs(['policy', '--add', 'a', '--add', 'b'], commands)).toMatchObject({ kind: 'command', parsed: { flags: { add: ['a', 'b'] } } });
  });
  it.each([
    [[], 'no command given'],
    [['frobnicate'], "unknown command 'frobnicate'"],
    [['add', 'rdp'], 'missing file'],
    [['status', 'extra'], "unexpected argument 'extra'"],
    [['status', '--colour'], 'unknown option --colour'],
    [['add', 'rdp', 'x', '--label'], '--label needs a value'],
    [['status', '--json=yes'], '--json takes no value'],
    // `--data-dir "$DIR"` with DIR unset: never the device's own store instead.
    [['--data-dir', '', 'status'], '--data-dir needs a folder; it was given an empty one'],
    [['status', '--data-dir='], '--data-dir needs a folder; it was given an empty one'],
  ])('refuses %j as a usage error: %s', (argv, message) => {
    expect(parseCliArgs(argv, commands)).toMatchObject({ kind: 'usage-error', message });
  });
  it('answers --help and -h', () => {
    expect(parseCliArgs(['--help'], commands)).toEqual({ kind: 'help', command: null });
    expect(parseCliArgs(['add', '--help'], commands)).toEqual({ kind: 'help', command: 'add' });
    expect(parseCliArgs(['-h'], commands)).toEqual({ kind: 'help', command: null });
  });
});
