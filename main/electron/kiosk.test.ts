import { describe, expect, it } from 'vitest';
import { shouldSwallowKey, type KeyInput } from './kiosk-keys';
import { CrashPolicy, errorPageHtml } from './crash-policy';

const key = (k: string, mods: Partial<KeyInput> = {}): KeyInput => ({ type: 'keyDown', key: k, control: false, meta: false, alt: false, shift: false, ...mods });

describe('kiosk shortcuts', () => {
  it.each([
    ['Ctrl+W', key('w', { control: true })],
    ['Cmd+W', key('w', { meta: true })],
    ['Ctrl+Q', key('q', { control: true })],
    ['Alt+F4', key('F4', { alt: true })],
    ['Ctrl+R', key('r', { control: true })],
    ['F5', key('F5')],
    ['F11', key('F11')],
    ['F12', key('F12')],
    ['Ctrl+Shift+I', key('I', { control: true, shift: true })],
    ['Ctrl+Shift+J', key('J', { control: true, shift: true })],
    ['Ctrl+U', key('u', { control: true })],
    ['Ctrl+P', key('p', { control: true })],
    ['Ctrl++', key('+', { control: true })],
    ['Ctrl+-', key('-', { control: true })],
    ['Ctrl+0', key('0', { control: true })],
    ['Ctrl+= (zoom in on US layouts)', key('=', { control: true })],
    ['Alt+Left (history back)', key('ArrowLeft', { alt: true })],
  ])('swallows %s', (_name, input) => expect(shouldSwallowKey(input)).toBe(true));

  it.each([
    ['Tab', key('Tab')],
    ['Shift+Tab', key('Tab', { shift: true })],
    ['Enter', key('Enter')],
    ['Space', key(' ')],
    ['Escape', key('Escape')],
    ['arrows', key('ArrowDown')],
    ['digits', key('7')],
    ['Ctrl+V (paste a code)', key('v', { control: true })],
    ['Ctrl+A', key('a', { control: true })],
  ])('lets %s through', (_name, input) => expect(shouldSwallowKey(input)).toBe(false));

  it('ignores key-up events', () => expect(shouldSwallowKey({ ...key('F5'), type: 'keyUp' })).toBe(false));
});

describe('renderer crash policy', () => {
  it('reloads twice, then shows the error page on the third failure within a minute', () => {
    const policy = new CrashPolicy();
    expect(policy.onFailure(0)).toBe('reload');
    expect(policy.onFailure(10_000)).toBe('reload');
    expect(policy.onFailure(20_000)).toBe('error-page');
  });
  it('forgets failures older than a minute', () => {
    const policy = new CrashPolicy();
    policy.onFailure(0);
    policy.onFailure(1_000);
    expect(policy.onFailure(70_000)).toBe('reload');
  });
  it('starts over after Retry', () => {
    const policy = new CrashPolicy();
    policy.onFailure(0);
    policy.onFailure(1);
    policy.reset();
    expect(policy.onFailure(2)).toBe('reload');
  });
  it('the error page escapes the message and offers a Retry into the app', () => {
    const html = errorPageHtml('<script>x</script>');
    expect(html).not.toContain('<script>x');
    expect(html).toContain('app://thincert/index.html');
    expect(html).toContain('Retry');
  });
});
