/**
 * Adversarial-input guard: no parser of vendor answers, webhooks or config may
 * take super-linear time. Each input of `parser-guard-cases.ts` is timed at
 * `n` and `16n` characters (4 KiB and 64 KiB; and, for a parser with a
 * smaller length limit, `limit / 16` and `limit`, where its patterns still
 * run). A linear parser takes about 16 times as long on the larger input, a
 * quadratic one about 256 times. The table shows the ratio of the medians of
 * 7 interleaved batches per size, and of the fastest batches beside it. On a
 * busy machine noise only adds time, and both ratios of a linear parser
 * landed between 15 and 40; an input fails when both are above 40 in three
 * measurements. A parser throwing anything but `PesanError` fails too.
 *
 *   pnpm guard:parsers            # runs in .ci/run after lint
 *   node --import tsx bench/parser-guard.ts
 *   PESAN_GUARD_ONLY=ezsms node --import tsx bench/parser-guard.ts   # parsers whose name contains it
 *
 * Prints a table; exits 1 on failure.
 */
import { PesanError } from '../packages/core/src/errors/pesan-error.js';
import { GUARDED_PARSERS, type GuardedParser } from './parser-guard-cases.js';

/** Largest accepted time(16n) / time(n). Linear is ~16; quadratic ~256. */
export const MAX_RATIO = 40;
const SMALL = 4 * 1024;
const GROWTH = 16;
const REPETITIONS = 7;
/** Measurements repeated for an input over the ratio, before it fails. */
const RETRIES = 2;
/** Each timed batch of the small input lasts at least this long, so timer resolution does not matter. */
const BATCH_MS = 1;
/** A single large call slower than this, and over the ratio already, fails at once instead of repeating. */
const SLOW_CALL_MS = 50;

interface Timing {
  /** Median time per call at `n` and at `16n`. */
  smallMs: number;
  largeMs: number;
  /** Ratio of the medians. */
  ratio: number;
  /** Ratio of the fastest batches: on a busy machine noise only ever adds time. */
  minimumRatio: number;
}

interface Row extends Timing {
  parser: string;
  input: string;
  small: number;
  failure?: string;
}

function call(parser: GuardedParser, input: unknown): void {
  try {
    parser.read(input as never);
  } catch (error) {
    if (!PesanError.isInstance(error)) throw error;
  }
}

/** Milliseconds per call, over `iterations` calls. */
function timePerCall(parser: GuardedParser, input: unknown, iterations: number): number {
  const start = performance.now();
  for (let index = 0; index < iterations; index += 1) call(parser, input);
  return (performance.now() - start) / iterations;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Calls per timed batch, so that one batch of `input` lasts at least {@link BATCH_MS}. */
function batchSize(parser: GuardedParser, input: unknown): number {
  let iterations = 1;
  while (iterations < 1 << 20 && timePerCall(parser, input, iterations) * iterations < BATCH_MS) iterations *= 2;
  return iterations;
}

/** The worse of the two ratios a failure needs. */
const overLimit = (timing: Timing) => Math.min(timing.ratio, timing.minimumRatio) > MAX_RATIO;

/** One measurement: interleaved batches of both sizes. */
function timeOnce(parser: GuardedParser, smallInput: unknown, largeInput: unknown): Timing {
  const first = timePerCall(parser, largeInput, 1);
  const smallIterations = batchSize(parser, smallInput);
  const smallFirst = timePerCall(parser, smallInput, smallIterations);
  if (first > SLOW_CALL_MS && first / smallFirst > MAX_RATIO) {
    const ratio = first / smallFirst;
    return { smallMs: smallFirst, largeMs: first, ratio, minimumRatio: ratio };
  }
  const largeIterations = batchSize(parser, largeInput);
  const smallTimes: number[] = [];
  const largeTimes: number[] = [];
  // Interleaved, so drift and garbage collection fall on both sizes alike.
  for (let repetition = 0; repetition < REPETITIONS; repetition += 1) {
    smallTimes.push(timePerCall(parser, smallInput, smallIterations));
    largeTimes.push(timePerCall(parser, largeInput, largeIterations));
  }
  const smallMs = median(smallTimes);
  const largeMs = median(largeTimes);
  return {
    smallMs,
    largeMs,
    ratio: largeMs / Math.max(smallMs, 1e-6),
    minimumRatio: Math.min(...largeTimes) / Math.max(Math.min(...smallTimes), 1e-6),
  };
}

function measure(parser: GuardedParser, name: string, make: (n: number) => unknown, small: number): Row {
  const smallInput = make(small);
  const largeInput = make(small * GROWTH);
  try {
    // Both sizes through every JIT tier before anything is timed.
    for (let warm = 0; warm < 3; warm += 1) call(parser, smallInput);
    call(parser, largeInput);
    let timing = timeOnce(parser, smallInput, largeInput);
    // A super-linear parser fails every time; a pause of the collector or
    // the JIT on a shared machine does not, so a failure is measured again.
    for (let retry = 0; retry < RETRIES && overLimit(timing); retry += 1) {
      const again = timeOnce(parser, smallInput, largeInput);
      if (Math.min(again.ratio, again.minimumRatio) < Math.min(timing.ratio, timing.minimumRatio)) timing = again;
    }
    const row: Row = { parser: parser.name, input: name, small, ...timing };
    if (overLimit(timing)) {
      row.failure = `super-linear: ${timing.ratio.toFixed(1)}x (fastest ${timing.minimumRatio.toFixed(1)}x) > ${MAX_RATIO}x`;
    }
    return row;
  } catch (error) {
    const failure = `threw ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`;
    return { parser: parser.name, input: name, small, smallMs: 0, largeMs: 0, ratio: 0, minimumRatio: 0, failure };
  }
}

function size(characters: number): string {
  return characters >= 1024 ? `${characters / 1024} KiB` : `${characters}`;
}

function duration(ms: number): string {
  if (ms < 0.001) return `${(ms * 1e6).toFixed(0)} ns`;
  if (ms < 1) return `${(ms * 1000).toFixed(1)} µs`;
  return `${ms.toFixed(2)} ms`;
}

function table(rows: readonly Row[]): string {
  const cells = [
    ['parser', 'input', 'n -> 16n', 't(n)', 't(16n)', 'ratio', 'fastest', ''],
    ...rows.map((row) => [
      row.parser,
      row.input,
      `${size(row.small)} -> ${size(row.small * GROWTH)}`,
      duration(row.smallMs),
      duration(row.largeMs),
      `${row.ratio.toFixed(1)}x`,
      `${row.minimumRatio.toFixed(1)}x`,
      row.failure === undefined ? 'ok' : `FAIL ${row.failure}`,
    ]),
  ];
  const widths = cells[0]!.map((_, column) => Math.max(...cells.map((line) => line[column]!.length)));
  return cells
    .map((line) =>
      line
        .map((cell, column) => cell.padEnd(widths[column]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

function main(): void {
  const started = performance.now();
  const rows: Row[] = [];
  const only = process.env.PESAN_GUARD_ONLY;
  for (const parser of GUARDED_PARSERS) {
    if (only !== undefined && !parser.name.includes(only)) continue;
    const smalls = [SMALL];
    if (parser.limit !== undefined && parser.limit < SMALL * GROWTH) smalls.unshift(Math.floor(parser.limit / GROWTH));
    for (const [name, make] of Object.entries(parser.inputs)) {
      for (const small of smalls) rows.push(measure(parser, name, make, small));
    }
  }
  console.log(table(rows));
  const failed = rows.filter((row) => row.failure !== undefined);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    `\n${rows.length} inputs, ${GUARDED_PARSERS.length} parsers, ${seconds} s; limit time(16n) <= ${MAX_RATIO} x time(n) (median or fastest of ${REPETITIONS} batches).`,
  );
  if (failed.length > 0) {
    console.error(`parser guard: ${failed.length} input(s) failed`);
    process.exitCode = 1;
  }
}

main();
