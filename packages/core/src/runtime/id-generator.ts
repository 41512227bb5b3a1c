import { randomUUID } from 'node:crypto';

/** Makes unique ids (request ids, local message ids). */
export interface IdGenerator {
  next(): string;
}

/** Random UUIDs. */
export const uuidGenerator: IdGenerator = { next: () => randomUUID() };
