// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these tests are about ${ENV} references in plain strings.
import { describe, expect, it } from 'vitest';
import { interpolateEnv } from './env-interpolation.js';

describe('interpolateEnv', () => {
  const env = { USER: 'alice', EMPTY: '', PORT: '8080' };

  it('replaces ${NAME} and ${NAME:-default} in every string, deeply', () => {
    const { value, problems } = interpolateEnv(
      {
        providers: [{ username: '${USER}', password: 'p-${MISSING:-fallback}-${EMPTY:-e}', port: '${PORT}' }],
        keep: 42,
        '${USER}': 'keys stay',
      },
      env,
    );
    expect(problems).toEqual([]);
    expect(value).toEqual({
      providers: [{ username: 'alice', password: 'p-fallback-e', port: '8080' }],
      keep: 42,
      '${USER}': 'keys stay',
    });
  });

  it('lists every unset variable without default by path', () => {
    const { problems } = interpolateEnv({ providers: [{}, { password: '${NOPE}', user: '${ALSO_NOPE}' }] }, env);
    expect(problems).toEqual([
      'providers[1].password: environment variable NOPE is not set',
      'providers[1].user: environment variable ALSO_NOPE is not set',
    ]);
  });

  it('keeps $${ as a literal ${ and reports malformed references', () => {
    expect(interpolateEnv('cost $${PRICE} and $$ stays', env).value).toBe('cost ${PRICE} and $$ stays');
    expect(interpolateEnv({ a: '${BAD-NAME}' }, env).problems).toEqual([
      'a: "${BAD-NAME}" is not ${NAME} or ${NAME:-default}',
    ]);
    expect(interpolateEnv({ a: 'x${OPEN' }, env).problems[0]).toMatch(/^a: unterminated/);
  });
});
