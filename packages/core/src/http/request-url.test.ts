import { describe, expect, it } from 'vitest';
import { buildRequestUrl, redactOrigin, redactUrl } from './request-url.js';

describe('request URLs', () => {
  it('joins origin, path and query', () => {
    expect(buildRequestUrl('https://a.example/', 'send.php', { un: 'u', msg: 'a b&c' })).toBe(
      'https://a.example/send.php?un=u&msg=a+b%26c',
    );
    expect(buildRequestUrl('https://a.example', '/x?type=1', { un: 'u' })).toBe('https://a.example/x?type=1&un=u');
    expect(buildRequestUrl('https://a.example/api', '/x', {})).toBe('https://a.example/api/x');
  });

  it('redacts every query value and user info', () => {
    expect(redactUrl('https://user:pw@a.example/x?un=u&pwd=secret&pwd=again')).toBe(
      'https://a.example/x?un=***&pwd=***',
    );
    expect(redactOrigin('https://user:pw@a.example:8443')).toBe('https://a.example:8443');
    expect(redactOrigin('https://a.example')).toBe('https://a.example');
  });
});
