import { describe, expect, it } from 'vitest';
import { serverAddressText } from './server-address';

describe('a server address in words', () => {
  it('is host:port, an IPv6 host in brackets so the port stays apart', () => {
    expect(serverAddressText({ host: 'ksc.example.org', port: 13292 })).toBe('ksc.example.org:13292');
    expect(serverAddressText({ host: '10.0.0.5', port: 13292 })).toBe('10.0.0.5:13292');
    expect(serverAddressText({ host: '::1', port: 13292 })).toBe('[::1]:13292');
    expect(serverAddressText({ host: '[fe80::1]', port: 443 })).toBe('[fe80::1]:443');
  });
});
