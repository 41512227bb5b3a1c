import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const entry = fileURLToPath(new URL('./index.ts', import.meta.url));
const tsx = fileURLToPath(new URL('../../../../node_modules/tsx/dist/esm/index.mjs', import.meta.url));

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
