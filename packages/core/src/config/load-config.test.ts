// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these tests are about ${ENV} references in plain strings.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from './load-config.js';

const directory = mkdtempSync(join(tmpdir(), 'pesan-config-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(directory, name);
  writeFileSync(path, text);
  return path;
}

describe('loadConfig', () => {
  const expected = {
    providers: [{ type: 'isms', id: 'isms', password: '${ISMS_PASSWORD}' }],
    route: { failover: ['isms'] },
  };

  it('reads JSON, YAML and YML, leaving ${ENV} for createMessengerFromConfig', async () => {
    expect(await loadConfig(file('a.json', JSON.stringify(expected)))).toEqual(expected);
    const yaml = `providers:\n  - type: isms\n    id: isms\n    password: "\${ISMS_PASSWORD}"\nroute:\n  failover: [isms]\n`;
    expect(await loadConfig(file('a.yaml', yaml))).toEqual(expected);
    expect(await loadConfig(file('a.yml', yaml))).toEqual(expected);
  });

  it('fails with INVALID_CONFIG naming the file', async () => {
    await expect(loadConfig(file('bad.json', '{ nope'))).rejects.toMatchObject({ code: 'INVALID_CONFIG' });
    await expect(loadConfig(file('bad.yaml', 'a: [1, 2'))).rejects.toMatchObject({ code: 'INVALID_CONFIG' });
    await expect(loadConfig(file('a.toml', 'x = 1'))).rejects.toMatchObject({ code: 'INVALID_CONFIG' });
    await expect(loadConfig(join(directory, 'missing.json'))).rejects.toMatchObject({ code: 'INVALID_CONFIG' });
  });
});
