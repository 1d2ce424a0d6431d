import { describe, expect, it } from 'vitest';
import { shouldSwallowKey, type KeyInput } from './kiosk-keys';
import { CrashPolicy, errorPageHtml } from './crash-policy';
import { kioskCloseGuard, removeApplicationMenu } from './guards';
import { kioskWindowOptions } from './window-options';

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
    ['Cmd+Q', key('q', { meta: true })],
    ['Ctrl+Shift+I (lower case key)', key('i', { control: true, shift: true })],
    ['Ctrl+Shift+R (hard reload)', key('R', { control: true, shift: true })],
    ['Ctrl+numpad + (zoom)', { ...key('+', { control: true }), code: 'NumpadAdd' }],
    ['Ctrl+numpad - (zoom)', { ...key('-', { control: true }), code: 'NumpadSubtract' }],
    ['rawKeyDown F5', { ...key('F5'), type: 'rawKeyDown' }],
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

describe('kiosk window', () => {
  it('has no application menu: its accelerators (reload, devtools, zoom, quit) are a way out', () => {
    const calls: unknown[] = [];
    removeApplicationMenu({ setApplicationMenu: (menu) => calls.push(menu) });
    expect(calls).toEqual([null]);
  });
  it('cannot be closed by the renderer (window.close) or the window manager; quitting still closes it', () => {
    let quitting = false;
    const guard = kioskCloseGuard(() => quitting);
    const event = { prevented: false, preventDefault: () => (event.prevented = true) };
    guard(event);
    expect(event.prevented).toBe(true);
    quitting = true;
    const atShutdown = { prevented: false, preventDefault: () => (atShutdown.prevented = true) };
    guard(atShutdown);
    expect(atShutdown.prevented).toBe(false);
  });
  it('has no devtools in kiosk mode, and fills the screen', () => {
    const options = kioskWindowOptions('/p', true);
    expect(options.webPreferences?.devTools).toBe(false);
    expect(options.kiosk).toBe(true);
    expect(options.fullscreen).toBe(true);
  });
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
  it('keeps counting across ordinary reloads, so a page that loads and then crashes does not loop', () => {
    const policy = new CrashPolicy();
    expect(policy.onFailure(0)).toBe('reload');
    policy.onAppPageLoaded();
    expect(policy.onFailure(5_000)).toBe('reload');
    policy.onAppPageLoaded();
    expect(policy.onFailure(10_000)).toBe('error-page');
  });
  it('starts over once the app page loads after the error page (Retry worked)', () => {
    const policy = new CrashPolicy();
    policy.onFailure(0);
    policy.onFailure(1);
    expect(policy.onFailure(2)).toBe('error-page');
    policy.onAppPageLoaded();
    expect(policy.onFailure(3)).toBe('reload');
    expect(policy.onFailure(4)).toBe('reload');
    expect(policy.onFailure(5)).toBe('error-page');
  });
  it('the error page escapes the message and offers a Retry into the app', () => {
    const html = errorPageHtml('<script>x</script>');
    expect(html).not.toContain('<script>x');
    expect(html).toContain('app://thincert/index.html');
    expect(html).toContain('Retry');
  });
});
