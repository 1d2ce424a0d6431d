import { describe, expect, it } from 'vitest';
import { dataDirOf, parseArgs, single, UsageError } from './sim-args';

const arity = { cert: 1, add: 2, managed: 1 };

describe('ksc-sim / ksc-admin arguments (PROTOCOL.md §5)', () => {
  it('takes --data before the subcommand', () => {
    const args = parseArgs(['--data', '/d', 'rotate', '--cert', 'c.pem'], arity);
    expect(dataDirOf(args)).toBe('/d');
    expect(args.positionals).toEqual(['rotate']);
    expect(single(args, 'cert')).toBe('c.pem');
  });

  it('takes --data after the subcommand, and --data=DIR', () => {
    expect(dataDirOf(parseArgs(['fingerprint', '--data', '/d'], arity))).toBe('/d');
    expect(dataDirOf(parseArgs(['fingerprint', '--data=/e'], arity))).toBe('/e');
  });

  it('collects repeated two-value options in order', () => {
    const args = parseArgs(['policy', '--add', 'rdp', 'a.pem', '--add', 'broker', 'b.pem', '--data', '/d'], arity);
    expect(args.options.get('add')).toEqual([
      ['rdp', 'a.pem'],
      ['broker', 'b.pem'],
    ]);
  });

  it.each([
    [['policy', '--add', 'rdp']],
    [['policy', '--bogus', 'x']],
    [['policy', '--add', 'rdp', '--data', '/d']],
  ])('refuses %j as a usage error', (argv) => {
    expect(() => parseArgs(argv, arity)).toThrow(UsageError);
  });

  it('requires --data', () => {
    expect(() => dataDirOf(parseArgs(['devices'], arity))).toThrow(UsageError);
  });
});
