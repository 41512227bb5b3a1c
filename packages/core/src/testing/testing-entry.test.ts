import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const entry = fileURLToPath(new URL('./index.ts', import.meta.url));
const tsx = fileURLToPath(new URL('../../../../node_modules/tsx/dist/esm/index.mjs', import.meta.url));
const repositoryRoot = fileURLToPath(new URL('../../../../', import.meta.url));

/** Every bare specifier imported (statically or dynamically) by the source files reachable from `entry`. */
function bareImportsOf(entry: string): Map<string, string> {
  const bare = new Map<string, string>();
  const seen = new Set<string>();
  const pending = [entry];
  const pattern = /(?:\bfrom\s*|\bimport\s*\(?\s*)['"]([^'"]+)['"]/g;
  while (pending.length > 0 && seen.size < 2000) {
    const file = pending.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const [, specifier] of readFileSync(file, 'utf8').matchAll(pattern)) {
      if (specifier === undefined) continue;
      if (!specifier.startsWith('.')) {
        if (!bare.has(specifier)) bare.set(specifier, file);
        continue;
      }
      const target = resolve(dirname(file), specifier.replace(/\.js$/, '.ts'));
      if (existsSync(target)) pending.push(target);
    }
  }
  return bare;
}

// Issue 9 case 12: an entry point imported first, in a fresh process without the test setup file.
describe('@pesan/core/testing imported on its own', () => {
  it('loads and builds a fake provider without "tsyringe requires a reflect polyfill"', async () => {
    const script = `const testing = await import(${JSON.stringify(entry)});
      const provider = testing.createFakeProvider({ id: 'fake' });
      console.log(provider.id);`;
    const { stdout } = await run(process.execPath, ['--import', tsx, '--input-type=module', '-e', script], {
      timeout: 30_000,
    });
    expect(stdout.trim()).toBe('fake');
  });
});

// Issue 15 item 4: the kit works without vitest; the suites live in @pesan/core/testing/vitest.
describe('@pesan/core/testing without a test runner', () => {
  it('imports no vitest anywhere in its module graph', () => {
    const imports = bareImportsOf(entry);
    expect(imports.has('reflect-metadata')).toBe(true);
    const runners = [...imports].filter(([specifier]) => /^(vitest|@vitest\/|jest|@jest\/)/.test(specifier));
    expect(runners).toEqual([]);
  });

  it('the vitest entry adds the suites on top of everything in @pesan/core/testing', async () => {
    const testing = await import('./index.js');
    const suites = await import('./vitest/index.js');
    for (const name of Object.keys(testing)) expect(suites).toHaveProperty(name);
    const added = Object.keys(suites).filter((name) => !(name in testing));
    expect(added).toEqual(
      expect.arrayContaining(['describeFaultMatrix', 'describeProviderConformance', 'useWebhookHarness']),
    );
    // Only what registers tests or hooks belongs there: describe… suites and use… hooks.
    expect(added.filter((name) => !/^(describe|use)[A-Z]/.test(name))).toEqual([]);
  });

  it('runs under node:test with every import of vitest refused', async () => {
    const blockVitest = fileURLToPath(new URL('./__fixtures__/block-vitest.mjs', import.meta.url));
    const file = fileURLToPath(new URL('./__fixtures__/runner-agnostic.node-test.ts', import.meta.url));
    const { stdout } = await run(process.execPath, ['--import', blockVitest, '--import', tsx, '--test', file], {
      cwd: repositoryRoot,
      timeout: 60_000,
    });
    expect(stdout).toMatch(/# pass 2/);
    expect(stdout).toMatch(/# fail 0/);
  });
});
