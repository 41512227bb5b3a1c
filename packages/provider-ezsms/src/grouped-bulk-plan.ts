/** A message ready to go, as far as grouping cares. */
export interface GroupableMessage {
  /** Index in the caller's input. */
  index: number;
  /** Recipient digits. */
  mobile: string;
  type: number;
  /** The `message` parameter. */
  body: string;
  sender: string | undefined;
  idempotencyKey: string | undefined;
}

/** One `ISendSMSNoDR.aspx` request: one body, type and sender for every recipient in it. */
export interface GroupedRequest<T extends GroupableMessage> {
  members: T[];
}

/**
 * Groups messages that can share one `ISendSMSNoDR.aspx` request (same body,
 * `type` and sender) into requests of at most `chunkSize` recipients, in order
 * of first appearance. Results still go back in input order by `index`.
 */
export function planGroupedRequests<T extends GroupableMessage>(
  messages: readonly T[],
  chunkSize: number,
): GroupedRequest<T>[] {
  const groups = new Map<string, T[]>();
  for (const message of messages) {
    const key = JSON.stringify([message.type, message.sender ?? null, message.body]);
    const group = groups.get(key);
    if (group) group.push(message);
    else groups.set(key, [message]);
  }
  const requests: GroupedRequest<T>[] = [];
  for (const group of groups.values()) {
    for (let start = 0; start < group.length; start += chunkSize) {
      requests.push({ members: group.slice(start, start + chunkSize) });
    }
  }
  return requests;
}
