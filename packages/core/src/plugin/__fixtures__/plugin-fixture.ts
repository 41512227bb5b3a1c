import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The URL of zod's ESM entry, so fixture packages outside the workspace can import it. */
function zodUrl(): string {
  const manifestPath = createRequire(import.meta.url).resolve('zod/package.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { exports: { '.': { import: string } } };
  return pathToFileURL(join(dirname(manifestPath), manifest.exports['.'].import)).href;
}

/** Source of a plugin module of `type` whose provider echoes its options in `raw`. */
export function pluginModuleSource(type: string): string {
  return `import { z } from ${JSON.stringify(zodUrl())};
export const plugin = {
  type: ${JSON.stringify(type)},
  optionsSchema: z.strictObject({ id: z.string(), apiKey: z.string(), sender: z.string().optional() }),
  create(options, context) {
    return {
      specVersion: 'v1',
      type: ${JSON.stringify(type)},
      id: options.id,
      capabilities: { channels: ['sms'], encodings: ['gsm7', 'ucs2'], maxBatch: 1, personalisedBulk: false, flash: false,
        binary: false, templates: false, files: false, balance: false, status: false, deliveryReports: false,
        inbound: false, nativeOtp: false, idempotent: false },
      async send(message) {
        return { status: 'queued', messageId: 'm-' + options.id, provider: options.id, providerType: ${JSON.stringify(type)},
          to: message.to, segments: 1, attempts: [], raw: { options, contextId: context.id } };
      },
      segments() { return { encoding: 'gsm7', units: 1, segments: 1, perSegment: 160 }; },
    };
  },
};
`;
}

/** A throwaway application directory in the OS temp dir with packages under `node_modules`. */
export function createAppFixture(
  packages: Record<string, { manifest: Record<string, unknown>; files: Record<string, string> }>,
) {
  const root = mkdtempSync(join(tmpdir(), 'pesan-plugin-'));
  writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
  for (const [name, { manifest, files }] of Object.entries(packages)) {
    const directory = join(root, 'node_modules', name);
    mkdirSync(directory, { recursive: true });
    writeFileSync(join(directory, 'package.json'), JSON.stringify({ name, ...manifest }));
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(dirname(join(directory, file)), { recursive: true });
      writeFileSync(join(directory, file), text);
    }
  }
  return { root, remove: () => rmSync(root, { recursive: true, force: true }) };
}
