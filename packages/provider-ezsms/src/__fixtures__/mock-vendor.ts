import { createMockVendor, type MockVendorReply } from '@pesan/core/testing';

/** A scripted answer: a body with status 200, or status and body. */
export type MockAnswer = string | { status: number; body: string; headers?: Record<string, string> };

/**
 * A mock sms.com.my on `createMockVendor`: every request to `origins` is
 * captured and answered from `answers` in turn (the last one repeats; the
 * turn is shared by every origin).
 */
export function mockVendor(answers: MockAnswer[], origins: string[] = ['https://www.sms.com.my']) {
  const vendor = createMockVendor({ contentType: 'text/html; charset=utf-8' });
  let next = 0;
  const answer = (): MockVendorReply => answers[Math.min(next++, answers.length - 1)] ?? '';
  for (const origin of origins) vendor.route(origin, '*', answer);
  return { agent: vendor.agent, requests: vendor.requests };
}
