import type { Attempt } from './attempt.js';

/** Receives every attempt as it ends. */
export type AttemptRecorder = (attempt: Attempt) => void;
