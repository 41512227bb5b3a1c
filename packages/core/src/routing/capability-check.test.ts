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

  it('names a text longer than maxCharacters (code points) or needing more than maxSegments', () => {
    const short = createFakeProvider({ id: 's', capabilities: { maxCharacters: 10 } });
    expect(capabilityGap(short, { to, text: 'x'.repeat(10) })).toBeUndefined();
    expect(capabilityGap(short, { to, text: 'x'.repeat(11) })).toBe('text is 11 characters, more than the 10 it takes');
    // Ten emoji are twenty UTF-16 units but ten characters, as the vendors count them.
    expect(capabilityGap(short, { to, text: '😀'.repeat(10) })).toBeUndefined();
    const fewParts = createFakeProvider({ id: 'p', capabilities: { maxSegments: 2 } });
    expect(capabilityGap(fewParts, { to, text: 'x'.repeat(306) })).toBeUndefined();
    expect(capabilityGap(fewParts, { to, text: 'x'.repeat(307) })).toBe(
      'text needs 3 SMS parts, more than the 2 it takes',
    );
    // UCS-2 parts are 67 characters.
    expect(capabilityGap(fewParts, { to, text: '你'.repeat(135) })).toBe(
      'text needs 3 SMS parts, more than the 2 it takes',
    );
  });

  it('does not count a WhatsApp template’s text (it is the SMS fallback’s)', () => {
    const whatsappLimited = createFakeProvider({
      id: 'w',
      capabilities: { channels: ['whatsapp'], templates: true, maxCharacters: 5 },
    });
    expect(
      capabilityGap(whatsappLimited, {
        to,
        channel: 'whatsapp',
        text: 'a long SMS fallback text',
        template: { name: 't', language: 'en' },
      }),
    ).toBeUndefined();
    expect(capabilityGap(whatsappLimited, { to, channel: 'whatsapp', text: 'free text' })).toBe(
      'text is 9 characters, more than the 5 it takes',
    );
  });
});
