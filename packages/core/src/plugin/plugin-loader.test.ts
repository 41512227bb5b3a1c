import { afterAll, describe, expect, it } from 'vitest';
import { createAppFixture, pluginModuleSource } from './__fixtures__/plugin-fixture.js';
import { loadPlugin, pluginSearchPlaces } from './plugin-loader.js';

const app = createAppFixture({
  'pesan-provider-fake': {
    manifest: { type: 'module', exports: { '.': { types: './index.d.ts', import: './dist/index.js' } } },
    files: { 'dist/index.js': pluginModuleSource('fake') },
  },
  '@pesan/provider-scoped': {
    manifest: { type: 'module', main: './main.js' },
    files: { 'main.js': pluginModuleSource('scoped') },
  },
  'pesan-provider-scoped': {
    manifest: { type: 'module', main: './main.js' },
    files: { 'main.js': 'throw new Error("the unscoped package must not be loaded when the scoped one exists")' },
  },
  'pesan-provider-empty': {
    manifest: { type: 'module', main: './main.js' },
    files: { 'main.js': 'export const x = 1;' },
  },
  'pesan-provider-broken': {
    manifest: { type: 'module', main: './main.js' },
    files: { 'main.js': 'throw new Error("boom")' },
  },
  'pesan-provider-liar': {
    manifest: { type: 'module', main: './main.js' },
    files: { 'main.js': pluginModuleSource('other') },
  },
});
afterAll(() => app.remove());

describe('loadPlugin', () => {
  it('loads an ESM-only package (import condition only) from the application directory', async () => {
    const lookup = await loadPlugin('fake', app.root);
    expect(lookup).toMatchObject({ ok: true, packageName: 'pesan-provider-fake', plugin: { type: 'fake' } });
  });

  it('prefers @pesan/provider-<type>', async () => {
    expect(await loadPlugin('scoped', app.root)).toMatchObject({ ok: true, packageName: '@pesan/provider-scoped' });
  });

  it('explains every way it can fail', async () => {
    expect(await loadPlugin('ghost', app.root)).toEqual({
      ok: false,
      problem:
        `no plugin "ghost": neither @pesan/provider-ghost nor pesan-provider-ghost was found from the working directory ${app.root}. ` +
        'Install it beside the application, or pass it: createMessengerFromConfig(config, { plugins: [plugin] })',
    });
    expect(await loadPlugin('empty', app.root)).toMatchObject({
      ok: false,
      problem: expect.stringMatching(/no "plugin" export/),
    });
    expect(await loadPlugin('broken', app.root)).toMatchObject({
      ok: false,
      problem: expect.stringMatching(/failed to load: boom/),
    });
    expect(await loadPlugin('liar', app.root)).toMatchObject({
      ok: false,
      problem: expect.stringMatching(/type "other"/),
    });
    expect(await loadPlugin('../etc', app.root)).toMatchObject({
      ok: false,
      problem: expect.stringMatching(/not a plugin type/),
    });
  });
});

describe('pluginSearchPlaces', () => {
  it('searches the config file, the application entry and the working directory, in that order, once each', () => {
    expect(
      pluginSearchPlaces({ configPath: '/srv/app/config/pesan.yaml', entryPath: '/srv/app/dist/server.js', cwd: '/' }),
    ).toEqual([
      { label: "the config file's directory", directory: '/srv/app/config' },
      { label: "the application entry's directory", directory: '/srv/app/dist' },
      { label: 'the working directory', directory: '/' },
    ]);
    expect(pluginSearchPlaces({ entryPath: '/srv/app/server.js', cwd: '/srv/app' })).toEqual([
      { label: "the application entry's directory", directory: '/srv/app' },
    ]);
    expect(pluginSearchPlaces({ entryPath: false, cwd: '/tmp' })).toEqual([
      { label: 'the working directory', directory: '/tmp' },
    ]);
  });

  it('defaults to process.argv[1] and process.cwd()', () => {
    const places = pluginSearchPlaces();
    expect(places.at(-1)).toEqual({ label: 'the working directory', directory: process.cwd() });
  });

  it('finds a package from a later place when the first has none, and lists every place when none has it', async () => {
    const elsewhere = createAppFixture({});
    try {
      const places = pluginSearchPlaces({ entryPath: `${app.root}/dist/server.js`, cwd: elsewhere.root });
      expect(await loadPlugin('fake', places)).toMatchObject({ ok: true, packageName: 'pesan-provider-fake' });
      const nowhere = pluginSearchPlaces({ entryPath: `${elsewhere.root}/server.js`, cwd: '/' });
      const lookup = await loadPlugin('fake', nowhere);
      expect(lookup).toEqual({
        ok: false,
        problem: expect.stringContaining(
          `from the application entry's directory ${elsewhere.root}; the working directory /. Install it beside the application, or pass it`,
        ),
      });
    } finally {
      elsewhere.remove();
    }
  });
});
