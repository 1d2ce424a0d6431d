import { describe, expect, it } from 'vitest';
import { parseSans } from './sans';

describe('parseSans', () => {
  it('splits on spaces, commas, semicolons and new lines, and drops empty entries', () => {
    expect(parseSans(' DNS:kiosk.test, IP:10.0.0.5;\nDNS:b.test ')).toEqual({ sans: ['DNS:kiosk.test', 'IP:10.0.0.5', 'DNS:b.test'], error: null });
    expect(parseSans('   ')).toEqual({ sans: [], error: null });
  });

  it('names the first entry that is not DNS:name or IP:address, with it as the message parameter', () => {
    const { error } = parseSans('DNS:ok.test kiosk.test email:a@b');
    expect(error).toMatchObject({ code: 'san-invalid', params: { entry: 'kiosk.test' } });
    expect(parseSans('dns:lower.test').error?.params).toEqual({ entry: 'dns:lower.test' });
  });
});
