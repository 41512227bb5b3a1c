import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type IsmsSandbox, startIsmsSandbox } from '@pesan/provider-isms/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  allOutput,
  jsonOf,
  runPesan,
  runPesanInProcess,
  startPesan,
  temporaryDirectory,
} from './__fixtures__/pesan-process.js';

const ROWS = 10_000;
const PASSWORD = 'bulk-isms-Password-4826';

const phoneOf = (row: number) => `+6012${String(1_000_000 + row)}`;

async function until(condition: () => boolean, what: string, timeoutMs = 45_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/**
 * `pesan bulk` as a child process against an iSMS sandbox started here (JSON
 * API, 50 messages a request): 10 000 rows, Ctrl-C halfway, then --resume,
 * counting every message that reached the vendor.
 */
describe('pesan bulk', { timeout: 90_000 }, () => {
  const directory = temporaryDirectory();
  const cwd = directory.path;
  const env = { BULK_ISMS_PASSWORD: PASSWORD };
  let isms: IsmsSandbox;

  beforeAll(async () => {
    isms = await startIsmsSandbox({
      accounts: [{ username: 'bulk', password: PASSWORD, credits: 1_000_000 }],
      mirrors: 1,
      maxRecords: 50_000,
    });
    writeFileSync(
      join(cwd, 'pesan.config.yaml'),
      [
        'providers:',
        '  - type: isms',
        '    id: isms',
        '    username: bulk',
        // biome-ignore lint/suspicious/noTemplateCurlyInString: the config reads the password from the environment
        '    password: ${BULK_ISMS_PASSWORD}',
        '    api: json',
        '    timeoutMs: 10000',
        `    baseUrls: [${isms.url}]`,
      ].join('\n'),
    );
    const lines = ['name,phone,city'];
    for (let row = 0; row < ROWS; row++) lines.push(`"Customer ${row}",${phoneOf(row)},"Kuala Lumpur, MY"`);
    writeFileSync(join(cwd, 'customers.csv'), `${lines.join('\n')}\n`);
    writeFileSync(
      join(cwd, 'small.csv'),
      ['phone,greeting', '+60123400001,Hello there', 'not-a-number,Hi', '+60123400003,"Salam, kawan"'].join('\n'),
    );
  });
  afterAll(async () => {
    await isms?.stop();
    directory.remove();
  });

  it('Ctrl-C stops with a checkpoint (exit 130); --resume sends the rest: 10 000 messages, none twice', async () => {
    // Slow answers so that Ctrl-C lands mid-campaign.
    await isms.setFault(0, { slow: 40 });
    const first = startPesan(['bulk', 'customers.csv', '--text', 'Hi {{name}}, from pesan', '--out', 'results.csv'], {
      cwd,
      env,
    });
    await until(() => isms.messages.length >= 1500, '1500 messages at the sandbox');
    first.child.kill('SIGINT');
    const stopped = await first.done;
    expect(stopped.code).toBe(130);
    expect(stopped.stderr).toContain('pesan: stopping: waiting for messages in flight');
    expect(stopped.stderr).toMatch(/progress: \d+\/10000 rows/);
    expect(stopped.stderr).toContain('--resume');
    const checkpointPath = join(cwd, 'customers.csv.checkpoint.json');
    const checkpoint = JSON.parse(readFileSync(checkpointPath, 'utf8'));
    expect(checkpoint).toMatchObject({ version: 1, done: false, rows: ROWS, failed: 0 });
    // Every row before nextIndex reached the vendor, and nothing after it did.
    expect(checkpoint.nextIndex).toBeGreaterThanOrEqual(1500);
    expect(checkpoint.nextIndex).toBeLessThan(ROWS);
    expect(isms.messages.length).toBe(checkpoint.nextIndex);
    expect(checkpoint.sent).toBe(checkpoint.nextIndex);

    // Starting over by mistake is refused: exit 2, nothing sent.
    const again = await runPesanInProcess(['bulk', 'customers.csv', '--text', 'Hi {{name}}'], { cwd, env });
    expect(again.code).toBe(2);
    expect(again.stderr).toContain(`--resume ${checkpointPath}`);
    expect(isms.messages.length).toBe(checkpoint.nextIndex);

    await isms.setFault(0, undefined);
    const resumed = await runPesan(
      [
        'bulk',
        'customers.csv',
        '--text',
        'Hi {{name}}, from pesan',
        '--out',
        'results.csv',
        '--resume',
        'customers.csv.checkpoint.json',
        '--json',
      ],
      { cwd, env },
    );
    expect(resumed.code).toBe(0);
    expect(resumed.stderr).not.toContain('progress:');
    const summary = jsonOf(resumed);
    expect(summary).toMatchObject({
      ok: true,
      campaignId: checkpoint.campaignId,
      rows: ROWS,
      resumedFrom: checkpoint.nextIndex,
      nextIndex: ROWS,
      done: true,
      interrupted: false,
      sent: ROWS,
      failed: 0,
      credits: ROWS,
      thisRun: { sent: ROWS - checkpoint.nextIndex, failed: 0 },
    });

    // At the vendor: every row exactly once, with its own text, 50 to a JSON request (the batch
    // Ctrl-C cut short goes partly filled, and its rest goes in the resumed run's first request).
    expect(isms.messages).toHaveLength(ROWS);
    const recipients = new Set(isms.messages.map((message) => message.to));
    expect(recipients.size).toBe(ROWS);
    expect(isms.messages.find((message) => message.to === phoneOf(4321).slice(1))?.text).toBe(
      'Hi Customer 4321, from pesan',
    );
    const sends = isms.requests.filter((request) => request.path.includes('isms_send_json'));
    expect(sends.length).toBeGreaterThanOrEqual(ROWS / 50);
    expect(sends.length).toBeLessThanOrEqual(ROWS / 50 + 5); // a slow CSV read may flush a partial batch

    // One result row per message over both runs.
    const lines = readFileSync(join(cwd, 'results.csv'), 'utf8').trim().split('\n');
    expect(lines[0]).toBe('index,to,ok,status,provider,messageId,segments,credits,errorCode,outcome,error');
    const indexes = new Set(lines.slice(1).map((line) => Number(line.split(',')[0])));
    expect(lines).toHaveLength(ROWS + 1);
    expect(indexes.size).toBe(ROWS);
  });

  it('a failed row makes exit 1, with the summary table and the code', async () => {
    const before = isms.messages.length;
    const run = await runPesanInProcess(
      ['bulk', 'small.csv', '--text-column', 'greeting', '--out', 'small-results.csv'],
      {
        cwd,
        env,
      },
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/rows +3/);
    expect(run.stdout).toMatch(/sent +2/);
    expect(run.stdout).toMatch(/failed +1/);
    expect(run.stdout).toMatch(/INVALID_RECIPIENT +1/);
    expect(run.stdout).toMatch(/isms +2 +2/);
    expect(isms.messages.slice(before).map((message) => message.text)).toEqual(['Hello there', 'Salam, kawan']);
    const results = readFileSync(join(cwd, 'small-results.csv'), 'utf8');
    expect(results).toMatch(/\n1,not-a-number,false,failed,.*INVALID_RECIPIENT,rejected,/);
  });

  it('checks columns before sending anything (exit 2)', async () => {
    const before = isms.requests.length;
    const [template, column] = await Promise.all([
      runPesanInProcess(['bulk', 'small.csv', '--text', 'Hi {{name}}'], { cwd, env }),
      runPesanInProcess(['bulk', 'small.csv', '--text', 'x', '--to-column', 'mobile', '--checkpoint', 'other.json'], {
        cwd,
        env,
      }),
    ]);
    expect(template.code).toBe(2);
    expect(template.stderr).toContain('--text uses {{name}}, but the CSV has no such column');
    expect(column.code).toBe(2);
    expect(column.stderr).toContain('the CSV has no column "mobile"');
    expect(isms.requests.length).toBe(before);
  });

  it('printed no password', () => {
    expect(allOutput.join('\n')).not.toContain(PASSWORD);
  });
});
