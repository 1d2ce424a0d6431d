import { describe, expect, it } from 'vitest';
import { initialScreen } from './navigation';

describe('the screen to start on', () => {
  it('is home without a hash or with one it does not know', () => {
    expect(initialScreen('')).toEqual({ screen: { name: 'home' }, history: [] });
    expect(initialScreen('#/purpose/email')).toEqual({ screen: { name: 'home' }, history: [] });
    expect(initialScreen('#/../../etc')).toEqual({ screen: { name: 'home' }, history: [] });
  });
  it('opens a purpose list or the History named by the address, with Back leading home', () => {
    expect(initialScreen('#/purpose/rdp')).toEqual({ screen: { name: 'purpose', purpose: 'rdp' }, history: [{ name: 'home' }] });
    expect(initialScreen('#/history')).toEqual({ screen: { name: 'history' }, history: [{ name: 'home' }] });
  });
});
