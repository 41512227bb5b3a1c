/** The sandbox account every benchmark sends from. */
export const BENCH_ACCOUNT = { username: 'bench', password: 'bench-password' } as const;

/** What the single-send benchmarks send, how often, and vitest's own bench settings for them. */
export const SINGLE_SEND = {
  to: '+60123456789',
  text: 'Your verification code is 123456',
  warmUpRounds: 300,
  measuredRounds: 3_000,
  benchOptions: { time: 1_500, iterations: 200, warmupTime: 0, warmupIterations: 0 },
} as const;
