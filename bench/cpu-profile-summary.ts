/**
 * Sums a `.cpuprofile` (from `node --cpu-prof`) by file and by function:
 * self time (where the samples landed) and inclusive time (self time plus
 * everything called from there, each function counted once per stack).
 *
 *   node --import tsx bench/cpu-profile-summary.ts CPU.xxx.cpuprofile [rows]
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Milliseconds per name, largest first. */
export type Totals = [name: string, milliseconds: number][];

/** `packages/core/src/x.ts` or `node_modules/<package>/...` instead of a full file URL. */
function shortFile(url: string): string {
  return url
    .replace(/^file:\/\//, '')
    .replace(/^.*\/(node_modules\/(?:\.pnpm\/)?[^/]+|packages\/[^/]+\/src|bench)\//, '$1/');
}

export function summariseProfile(profile: CpuProfile): {
  totalMs: number;
  selfByFile: Totals;
  selfByFunction: Totals;
  inclusiveByFunction: Totals;
} {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfMicros = new Map<number, number>();
  let totalMicros = 0;
  for (let position = 0; position < profile.samples.length; position++) {
    const delta = profile.timeDeltas[position] ?? 0;
    const id = profile.samples[position]!;
    selfMicros.set(id, (selfMicros.get(id) ?? 0) + delta);
    totalMicros += delta;
  }
  const functionName = (node: ProfileNode) => {
    const file = shortFile(node.callFrame.url);
    return `${node.callFrame.functionName || '(anonymous)'}${file ? ` ${file}:${node.callFrame.lineNumber + 1}` : ''}`;
  };
  const add = (totals: Map<string, number>, name: string, micros: number) =>
    totals.set(name, (totals.get(name) ?? 0) + micros);
  const byFile = new Map<string, number>();
  const byFunction = new Map<string, number>();
  for (const [id, micros] of selfMicros) {
    const node = nodes.get(id)!;
    add(byFile, shortFile(node.callFrame.url) || `(${node.callFrame.functionName})`, micros);
    add(byFunction, functionName(node), micros);
  }
  const inclusive = new Map<string, number>();
  const onStack = new Set<string>();
  // Depth-first over the call tree; the stack is as deep as the deepest sampled call.
  const walk = (id: number): number => {
    const node = nodes.get(id)!;
    const name = functionName(node);
    const outermost = !onStack.has(name);
    if (outermost) onStack.add(name);
    let micros = selfMicros.get(id) ?? 0;
    for (const child of node.children ?? []) micros += walk(child);
    if (outermost) {
      onStack.delete(name);
      add(inclusive, name, micros);
    }
    return micros;
  };
  if (profile.nodes[0]) walk(profile.nodes[0].id);
  const sorted = (totals: Map<string, number>): Totals =>
    [...totals].map(([name, micros]): [string, number] => [name, micros / 1000]).sort((a, b) => b[1] - a[1]);
  return {
    totalMs: totalMicros / 1000,
    selfByFile: sorted(byFile),
    selfByFunction: sorted(byFunction),
    inclusiveByFunction: sorted(inclusive),
  };
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [path, rows = '40'] = process.argv.slice(2);
  if (path === undefined) throw new Error('usage: cpu-profile-summary.ts <file.cpuprofile> [rows]');
  const summary = summariseProfile(JSON.parse(readFileSync(path, 'utf8')) as CpuProfile);
  const print = (title: string, totals: Totals) => {
    console.log(`\n${title} (of ${summary.totalMs.toFixed(0)} ms sampled)`);
    for (const [name, milliseconds] of totals.slice(0, Number(rows))) {
      const share = ((100 * milliseconds) / summary.totalMs).toFixed(1);
      console.log(`${share.padStart(5)} %  ${milliseconds.toFixed(0).padStart(7)} ms  ${name}`);
    }
  };
  print('Self time by file', summary.selfByFile);
  print('Self time by function', summary.selfByFunction);
  print('Inclusive time by function', summary.inclusiveByFunction);
}
