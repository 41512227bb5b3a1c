import { afterAll, describe, expect, it } from 'vitest';
import { createAppFixture, pluginModuleSource } from './__fixtures__/plugin-fixture.js';
import { loadPlugin } from './plugin-loader.js';

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
      problem: 'no plugin "ghost" (tried @pesan/provider-ghost, pesan-provider-ghost)',
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
