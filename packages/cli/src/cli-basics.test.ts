// biome-ignore-all lint/suspicious/noTemplateCurlyInString: config files written here use ${ENV} references in plain strings.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allOutput, jsonOf, runPesan, runPesanInProcess, temporaryDirectory } from './__fixtures__/pesan-process.js';

const ISMS_PASSWORD = 'basics-isms-Password-1357';
const APP_SECRET = 'basics-waba-app-secret-2468';

describe('pesan: help, version, usage and configuration errors', { timeout: 60_000 }, () => {
  const directory = temporaryDirectory();
  const cwd = directory.path;

  beforeAll(() => {
    // Two problems at once, and secrets that must stay masked while they are reported.
    writeFileSync(
      join(cwd, 'bad.yaml'),
      [
        'providers:',
        '  - type: isms',
        '    id: isms',
        '    username: someone',
        '    password: ${BASICS_ISMS_PASSWORD}',
        '    api: carrier-pigeon',
        '  - type: waba',
        '    id: waba',
        `    appSecret: ${APP_SECRET}`,
        'route: nowhere',
      ].join('\n'),
    );
    writeFileSync(
      join(cwd, 'pesan.config.json'),
      JSON.stringify({
        providers: [{ type: 'isms', id: 'isms', username: 'u', password: '${BASICS_ISMS_PASSWORD}' }],
      }),
    );
  });
  afterAll(() => directory.remove());

  it('prints help with the exit codes, command help and the version, exit 0', async () => {
    const [help, sendHelp, bulkHelp, version] = await Promise.all([
      runPesan(['--help'], { cwd }),
      runPesan(['send', '--help'], { cwd }),
      runPesan(['help', 'bulk'], { cwd }),
      runPesan(['--version'], { cwd }),
    ]);
    expect(help.code).toBe(0);
    for (const command of ['send', 'bulk', 'estimate', 'balance', 'status', 'sandbox', 'webhooks', 'config']) {
      expect(help.stdout).toContain(command);
    }
    expect(help.stdout).toMatch(
      /Exit codes:[\s\S]*0 +success[\s\S]*1 +not sent[\s\S]*2 +usage[\s\S]*3 +outcome unknown/,
    );
    expect(sendHelp.code).toBe(0);
    expect(sendHelp.stdout).toContain('--idempotency-key <key>');
    expect(sendHelp.stdout).toContain('--provider <id>');
    expect(bulkHelp.stdout).toContain('--resume <checkpoint-file>');
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('exits 2 with one line for bad usage, and no stack trace', async () => {
    const [missing, unknownCommand, badChannel, badConcurrency, noText] = await Promise.all([
      runPesan(['send', '--to', '+60123456789'], { cwd }),
      runPesanInProcess(['sned'], { cwd }),
      runPesanInProcess(['send', '--to', '+60123456789', '--text', 'x', '--channel', 'fax'], { cwd }),
      runPesanInProcess(['bulk', 'x.csv', '--text', 'x', '--concurrency', 'lots'], { cwd }),
      runPesanInProcess(['bulk', 'x.csv'], { cwd }),
    ]);
    const json = await runPesanInProcess(['send', '--json', '--to', '+60123456789'], { cwd });
    expect(json.code).toBe(2);
    expect(jsonOf(json)).toEqual({
      ok: false,
      exitCode: 2,
      error: { code: 'USAGE', message: "required option '--text <text>' not specified" },
    });
    for (const run of [missing, unknownCommand, badChannel, badConcurrency, noText]) {
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).not.toMatch(/\n\s+at /);
    }
    expect(missing.stderr).toContain("required option '--text <text>'");
    expect(unknownCommand.stderr).toContain('(Did you mean send?)');
    expect(noText.stderr).toBe('pesan: give exactly one of --text "Hi {{name}}" and --text-column <column>\n');
  });

  it('exits 2 when there is no config, naming the three ways to give one', async () => {
    const empty = temporaryDirectory();
    try {
      const run = await runPesanInProcess(['balance', '--json'], { cwd: empty.path });
      expect(run.code).toBe(2);
      expect(jsonOf(run)).toMatchObject({ ok: false, exitCode: 2, error: { code: 'USAGE' } });
      expect(run.stderr).toMatch(/--config <file>.*PESAN_CONFIG.*pesan\.config\.yaml/);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
    } finally {
      empty.remove();
    }
  });

  it('config check lists every problem by path with secrets masked, exit 2; --debug adds the stack', async () => {
    const env = { BASICS_ISMS_PASSWORD: ISMS_PASSWORD };
    const [human, json, debug] = await Promise.all([
      runPesanInProcess(['config', 'check', '--config', 'bad.yaml'], { cwd, env }),
      runPesan(['config', 'check', '--json'], { cwd, env: { ...env, PESAN_CONFIG: 'bad.yaml' } }),
      runPesanInProcess(['send', '--config', 'bad.yaml', '--to', '+60123456789', '--text', 'x', '--debug'], {
        cwd,
        env,
      }),
    ]);
    expect(human.code).toBe(2);
    expect(human.stdout).toBe('');
    expect(human.stderr).toContain('providers[0].api');
    expect(human.stderr).toContain('providers[1].appId: required');
    expect(human.stderr).toContain('route: unknown provider "nowhere"');
    expect(human.stderr).not.toMatch(/\n\s+at /);
    expect(json.code).toBe(2);
    const document = jsonOf(json);
    expect(document.ok).toBe(false);
    expect(String(document.file)).toMatch(/bad\.yaml$/);
    const problems = document.problems as string[];
    expect(problems.some((problem) => problem.startsWith('providers[0].api'))).toBe(true);
    expect(problems.some((problem) => problem.startsWith('providers[1].password'))).toBe(true);
    expect(debug.code).toBe(2);
    expect(debug.stderr).toContain('Invalid configuration (6 problems)');
    expect(debug.stderr).toMatch(/\n\s+at /);
  });

  it('finds ./pesan.config.json, and config check shows the effective config with secrets masked', async () => {
    const run = await runPesan(['config', 'check', '--json'], { cwd, env: { BASICS_ISMS_PASSWORD: ISMS_PASSWORD } });
    expect(run.code).toBe(0);
    const document = jsonOf(run);
    expect(document).toMatchObject({
      ok: true,
      problems: [],
      providers: [{ id: 'isms', type: 'isms' }],
      config: { providers: [{ password: '*** (${BASICS_ISMS_PASSWORD})', username: 'u' }] },
    });
    expect(String(document.file)).toMatch(/pesan\.config\.json$/);
  });

  it('printed no secret in any of these runs', () => {
    const everything = allOutput.join('\n');
    expect(everything.length).toBeGreaterThan(0);
    expect(everything).not.toContain(ISMS_PASSWORD);
    expect(everything).not.toContain(APP_SECRET);
  });
});
