// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these tests are about ${ENV} references in plain strings.
import { describe, expect, it } from 'vitest';
import { configSecrets, maskedConfig } from './config-secrets.js';
import { resolveEnvReferences } from './env-references.js';

const config = {
  webhooks: { token: '${HOOK_TOKEN}' },
  providers: [
    { type: 'isms', id: 'isms', username: 'user', password: '${ISMS_PASSWORD:-fallback-pass}', baseUrls: ['${URL}'] },
    { type: 'waba', id: 'waba', appSecret: 'inline-app-secret', username: 'u', password: 'p4ss-word' },
    { type: 'device', id: 'phone', apiKey: '${DEVICE_KEY}', note: 'key ${API_TOKEN} inside' },
  ],
};
const env = {
  HOOK_TOKEN: 'hook-token-1',
  ISMS_PASSWORD: '',
  URL: 'http://127.0.0.1:1',
  DEVICE_KEY: 'device-key',
  API_TOKEN: 'tok-en',
};

describe('configSecrets', () => {
  it('finds secret options as used (references resolved) and secret-named variables anywhere', () => {
    expect(new Set(configSecrets(config, env))).toEqual(
      new Set(['hook-token-1', 'fallback-pass', 'inline-app-secret', 'p4ss-word', 'device-key', 'tok-en']),
    );
  });
});

describe('maskedConfig', () => {
  it('masks secret options, names their variables, and resolves the rest', () => {
    expect(maskedConfig(config, env)).toEqual({
      webhooks: { token: '*** (${HOOK_TOKEN})' },
      providers: [
        {
          type: 'isms',
          id: 'isms',
          username: 'user',
          password: '*** (${ISMS_PASSWORD})',
          baseUrls: ['http://127.0.0.1:1'],
        },
        { type: 'waba', id: 'waba', appSecret: '***', username: 'u', password: '***' },
        { type: 'device', id: 'phone', apiKey: '*** (${DEVICE_KEY})', note: 'key tok-en inside' },
      ],
    });
  });
});

describe('resolveEnvReferences', () => {
  it('resolves ${NAME} and ${NAME:-default}, keeps $${ literal and unknown references', () => {
    expect(resolveEnvReferences('a ${X} b ${Y:-dflt} c $${X} d ${MISSING} ${', { X: '1' })).toEqual({
      value: 'a 1 b dflt c ${X} d ${MISSING} ${',
      names: ['X', 'Y', 'MISSING'],
    });
  });
});
