// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these tests are about ${ENV} references in plain strings.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { PesanError } from '../errors/pesan-error.js';
import { createFakeProvider } from '../messenger/fake-provider.js';
import { createAppFixture, pluginModuleSource } from '../plugin/__fixtures__/plugin-fixture.js';
import { definePlugin } from '../plugin/define-plugin.js';
import { PluginRegistry } from '../plugin/plugin-registry.js';
import { createMessengerFromConfig } from './create-messenger-from-config.js';
import { configPathOf, loadConfig } from './load-config.js';

const run = promisify(execFile);
const coreEntry = fileURLToPath(new URL('../index.ts', import.meta.url));
const tsx = fileURLToPath(new URL('../../../../node_modules/tsx/dist/esm/index.mjs', import.meta.url));
const tsconfig = fileURLToPath(new URL('../../../../tsconfig.json', import.meta.url));

const to = '+60123456789';

const memory = definePlugin({
  type: 'memory',
  optionsSchema: z.strictObject({ id: z.string(), password: z.string(), sender: z.string().optional() }),
  create: (options) => createFakeProvider({ id: options.id, type: 'memory' }),
});

async function problemsOf(promise: Promise<unknown>): Promise<string[]> {
  try {
    await promise;
  } catch (error) {
    if (PesanError.isInstance(error) && error.code === 'INVALID_CONFIG') return error.details?.problems as string[];
    throw error;
  }
  throw new Error('expected INVALID_CONFIG');
}

const app = createAppFixture({
  'pesan-provider-fake': {
    manifest: { type: 'module', exports: { '.': { import: './index.js' } } },
    files: { 'index.js': pluginModuleSource('fake') },
  },
});
afterAll(() => app.remove());

describe('createMessengerFromConfig', () => {
  it('builds a working messenger from data with given plugins and ${ENV}', async () => {
    const messenger = await createMessengerFromConfig(
      {
        providers: [
          { type: 'memory', id: 'primary', password: '${PRIMARY_PASSWORD}' },
          { type: 'memory', id: 'backup', password: '${BACKUP_PASSWORD:-dev}' },
        ],
        route: { byCountry: { MY: { failover: ['primary', 'backup'] }, default: 'backup' } },
        delivery: 'at-least-once',
        limits: { primary: { ratePerMinute: '${RATE:-600}', concurrency: 4 } },
        circuitBreaker: { failureThreshold: 3, resetTimeoutMs: 1000 },
      },
      { plugins: [memory], env: { PRIMARY_PASSWORD: 'secret' } },
    );
    const result = await messenger.send({ to, text: 'Hi' });
    expect(result.provider).toBe('primary');
    expect(result.providerType).toBe('memory');
    await messenger.close();
  });

  it('loads a provider type from the application’s node_modules (pesan-provider-<type>)', async () => {
    const messenger = await createMessengerFromConfig(
      { providers: [{ type: 'fake', id: 'f', apiKey: '${KEY}' }] },
      { cwd: app.root, env: { KEY: 'k-123' } },
    );
    const result = await messenger.send({ to, text: 'Hi' });
    expect(result.raw).toEqual({ options: { id: 'f', apiKey: 'k-123' }, contextId: 'f' });
    await messenger.close();
  });

  it('resolves plugin packages from the directory of the file loadConfig read, whatever the working directory', async () => {
    const configPath = join(app.root, 'config', 'pesan.json');
    mkdirSync(dirname(configPath), { recursive: true });
    writeFileSync(configPath, JSON.stringify({ providers: [{ type: 'fake', id: 'f', apiKey: 'k' }] }));
    const elsewhere = mkdtempSync(join(tmpdir(), 'pesan-cwd-'));
    try {
      const config = await loadConfig(configPath);
      expect(configPathOf(config)).toBe(configPath);
      const messenger = await createMessengerFromConfig(config, { cwd: elsewhere, entryPath: false });
      expect((await messenger.send({ to, text: 'Hi' })).providerType).toBe('fake');
      await messenger.close();
      // The same data without its file: only the working directory is searched, and the error says where to look.
      const problems = await problemsOf(
        createMessengerFromConfig({ ...(config as object) }, { cwd: elsewhere, entryPath: false }),
      );
      expect(problems).toEqual([expect.stringContaining(`from the working directory ${elsewhere}. Install it`)]);
      const explicit = await createMessengerFromConfig(
        { ...(config as object) },
        { cwd: elsewhere, entryPath: false, configPath },
      );
      await explicit.close();
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });

  it('an application started from another directory finds plugins installed beside its entry module', async () => {
    const entry = join(app.root, 'dist', 'server.mts');
    mkdirSync(dirname(entry), { recursive: true });
    writeFileSync(
      entry,
      `import { createMessengerFromConfig } from ${JSON.stringify(coreEntry)};
const messenger = await createMessengerFromConfig({ providers: [{ type: 'fake', id: 'f', apiKey: 'k' }] });
const result = await messenger.send({ to: '+60123456789', text: 'Hi' });
console.log(result.providerType);
await messenger.close();
`,
    );
    const elsewhere = mkdtempSync(join(tmpdir(), 'pesan-cwd-'));
    try {
      const { stdout } = await run(process.execPath, ['--import', tsx, entry], {
        cwd: elsewhere,
        // tsx looks for tsconfig.json from the working directory; the sources need the repository's (decorators).
        env: { ...process.env, TSX_TSCONFIG_PATH: tsconfig },
        timeout: 30_000,
      });
      expect(stdout.trim()).toBe('fake');
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });

  it('lists every problem by path', async () => {
    const problems = await problemsOf(
      createMessengerFromConfig(
        {
          providers: [
            { type: 'memory', id: 'a', password: 'x' },
            { type: 'memory', id: 'b' },
            { type: 'x', id: 'c' },
            { type: 'memory', id: 'a', password: '${NOT_SET}', pasword: 'typo' },
            { id: 'no-type' },
          ],
          route: { failover: ['a', 'ghost'] },
          delivery: 'sometimes',
          limits: { a: { ratePerMinute: -1 }, nobody: { concurrency: 1 } },
          surprise: true,
        },
        { plugins: new PluginRegistry([memory]), env: {}, cwd: app.root, entryPath: false },
      ),
    );
    expect(problems).toEqual([
      'delivery: Invalid option: expected one of "at-most-once"|"at-least-once"',
      'limits.a.ratePerMinute: Too small: expected number to be >0',
      'limits.nobody: unknown provider "nobody"',
      'providers[1].password: required',
      `providers[2].type: no plugin "x": neither @pesan/provider-x nor pesan-provider-x was found from the working directory ${app.root}. Install it beside the application, or pass it: createMessengerFromConfig(config, { plugins: [plugin] })`,
      'providers[3].id: duplicate provider id "a"',
      'providers[3].password: environment variable NOT_SET is not set',
      'providers[3].pasword: unknown option',
      'providers[4].type: required',
      'route.failover[1]: unknown provider "ghost"',
      'surprise: unknown option',
    ]);
  });

  it('accepts a plugin schema without id', async () => {
    const noId = definePlugin({
      type: 'noid',
      optionsSchema: z.strictObject({ token: z.string() }),
      create: (_options, context) => createFakeProvider({ id: context.id }),
    });
    const messenger = await createMessengerFromConfig(
      { providers: [{ type: 'noid', id: 'n', token: 't' }] },
      { plugins: [noId] },
    );
    expect([...messenger.providers.keys()]).toEqual(['n']);
    await messenger.close();
  });

  it('reports a plugin whose create throws', async () => {
    const throwing = definePlugin({
      type: 'throwing',
      optionsSchema: z.object({ id: z.string() }),
      create: () => {
        throw new Error('bad credentials format');
      },
    });
    expect(
      await problemsOf(
        createMessengerFromConfig({ providers: [{ type: 'throwing', id: 't' }] }, { plugins: [throwing] }),
      ),
    ).toEqual(['providers[0]: bad credentials format']);
  });

  it('rejects a config that is not an object, or has no providers', async () => {
    expect(await problemsOf(createMessengerFromConfig('nope'))).toEqual(['(root): must be an object']);
    expect(await problemsOf(createMessengerFromConfig({}))).toEqual(['providers: required']);
  });
});
