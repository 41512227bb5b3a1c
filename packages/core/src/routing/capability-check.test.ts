import { describe, expect, it } from 'vitest';
import { createFakeProvider } from '../messenger/fake-provider.js';
import { capabilityGap } from './capability-check.js';

const to = '+60123456789';

describe('capabilityGap', () => {
  const plain = createFakeProvider({ id: 'plain' });
  const whatsapp = createFakeProvider({ id: 'wa', capabilities: { channels: ['whatsapp'] } });

  it('accepts what the provider can carry', () => {
    expect(capabilityGap(plain, { to, text: 'Hi' })).toBeUndefined();
    expect(capabilityGap(plain, { to, text: '你好', encoding: 'ucs2' })).toBeUndefined();
  });

  it('names each missing capability', () => {
    expect(capabilityGap(plain, { to, text: 'Hi', channel: 'whatsapp' })).toBe('does not carry channel whatsapp');
    expect(capabilityGap(whatsapp, { to, channel: 'whatsapp', template: { name: 't', language: 'en' } })).toBe(
      'cannot send WhatsApp templates',
    );
    expect(
      capabilityGap(whatsapp, { to, channel: 'whatsapp', media: { url: 'https://x.test/a.pdf', filename: 'a.pdf' } }),
    ).toBe('cannot send files');
    expect(capabilityGap(plain, { to, text: 'Hi', flash: true })).toBe('cannot send flash SMS');
    expect(capabilityGap(plain, { to, binary: { hex: '00ff' } })).toBe('cannot send binary SMS');
    const gsmOnly = createFakeProvider({ id: 'g', capabilities: { encodings: ['gsm7'] } });
    expect(capabilityGap(gsmOnly, { to, text: 'Hi', encoding: 'ucs2' })).toBe('cannot send ucs2 text');
  });
});
