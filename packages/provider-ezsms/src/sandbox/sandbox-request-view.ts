import type { SandboxRecordedRequest } from '@pesan/core/testing/sandbox';
import { SandboxParameters } from './sandbox-parameters.js';

/** One request a mirror received, for assertions. */
export interface EzsmsSandboxRequest {
  mirror: number;
  method: string;
  /** Path as requested. */
  path: string;
  /** Parameters, lower-case names, the password hidden. */
  params: Record<string, string>;
  /** The answer body, or the fault that replaced it (`fault:hang`, `fault:drop-answer (1701:…)`, `404.15`, ...). */
  answer: string;
}

function answerLabel(record: SandboxRecordedRequest): string {
  const { fault, answer } = record;
  switch (fault) {
    case 'drop':
      return `fault:drop-answer (${answer?.body ?? ''})`;
    case 'answer':
    case 'vendorCode':
      return answer?.body ?? '';
    case undefined:
    case 'slow':
    case 'slowBody':
      break;
    default:
      return `fault:${fault}`;
  }
  if (answer === undefined) return '';
  if (answer.status === 405) return '405';
  if (answer.status === 404) return answer.body.includes('404.15') ? '404.15' : '404';
  return answer.body;
}

/** The sandbox's view of a request the kit recorded: ASP.NET's parameters and a one-word answer. */
export function ezsmsRequestView(record: SandboxRecordedRequest): EzsmsSandboxRequest {
  const pairs = (list: SandboxRecordedRequest['query']) =>
    new URLSearchParams(list.map(([name, value]) => [name, value]));
  return {
    mirror: record.mirror,
    method: record.method,
    path: record.path,
    params: new SandboxParameters(pairs(record.query), pairs(record.form)).toRecord(),
    answer: answerLabel(record),
  };
}
