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
 * of first appearance. A number appears at most once per request: a repeat
 * goes in another request of its group, since the vendor could send a number
 * listed twice in one comma-joined `mobile` only once (or answer for it once),
 * and the two results could not be told apart. Results still go back in input
 * order by `index`.
 */
export function planGroupedRequests<T extends GroupableMessage>(
  messages: readonly T[],
  chunkSize: number,
): GroupedRequest<T>[] {
  // Per group: every request in order, and the ones not yet full with their numbers.
  const groups = new Map<
    string,
    { requests: GroupedRequest<T>[]; open: { request: GroupedRequest<T>; mobiles: Set<string> }[] }
  >();
  for (const message of messages) {
    const key = JSON.stringify([message.type, message.sender ?? null, message.body]);
    let group = groups.get(key);
    if (group === undefined) {
      group = { requests: [], open: [] };
      groups.set(key, group);
    }
    let slot = group.open.find((candidate) => !candidate.mobiles.has(message.mobile));
    if (slot === undefined) {
      slot = { request: { members: [] }, mobiles: new Set() };
      group.requests.push(slot.request);
      group.open.push(slot);
    }
    slot.request.members.push(message);
    slot.mobiles.add(message.mobile);
    if (slot.request.members.length >= chunkSize) group.open.splice(group.open.indexOf(slot), 1);
  }
  return [...groups.values()].flatMap((group) => group.requests);
}
