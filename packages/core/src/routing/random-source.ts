/** Returns a number in [0, 1), like `Math.random`. Injected so weighted routing can be tested deterministically. */
export type RandomSource = () => number;

/** `Math.random`. */
export const mathRandom: RandomSource = () => Math.random();
