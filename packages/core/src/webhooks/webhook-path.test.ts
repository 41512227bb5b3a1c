import { describe, expect, it } from 'vitest';
import { DEFAULT_WEBHOOK_PATH, webhookPath, webhookPathProblem } from './webhook-path.js';

describe('webhookPath', () => {
  it('matches the end of a path, so any mount prefix works', () => {
    const path = webhookPath();
    expect(path.pattern).toBe(DEFAULT_WEBHOOK_PATH);
    expect(path.match('/webhooks/isms/t0k')).toEqual({ providerId: 'isms', token: 't0k' });
    expect(path.match('/api/v1/webhooks/isms/t0k')).toEqual({ providerId: 'isms', token: 't0k' });
    expect(path.match('/webhooks/isms')).toBeUndefined();
    expect(path.match('/webhooks/isms/t0k/extra')).toBeUndefined();
    expect(path.match('/hooks/isms/t0k')).toBeUndefined();
    expect(path.match('/webhooks/%E0%A4%A/t0k')).toBe('malformed');
  });

  it('takes any order of literal and parameter segments, and builds the same path', () => {
    const path = webhookPath('/api/hooks/:token/sms/:provider');
    expect(path.match('/api/hooks/s%2Fcret/sms/isms-primary')).toEqual({ providerId: 'isms-primary', token: 's/cret' });
    expect(path.build('isms primary', 's/cret')).toBe('/api/hooks/s%2Fcret/sms/isms%20primary');
    expect(path.match(path.build('a/b', 'c d'))).toEqual({ providerId: 'a/b', token: 'c d' });
  });

  it('explains a pattern it cannot use', () => {
    expect(webhookPathProblem('/api/hooks/:provider/:token')).toBeUndefined();
    expect(webhookPathProblem('hooks/:provider/:token')).toMatch(/starting with/);
    expect(webhookPathProblem('/hooks/:provider/:provider/:token')).toMatch(/once each/);
    expect(webhookPathProblem('/hooks//:provider/:token')).toMatch(/empty segments/);
    expect(webhookPathProblem('/hooks/:id/:provider/:token')).toMatch(/segment ":id"/);
    expect(webhookPathProblem(42)).toMatch(/starting with/);
  });
});
