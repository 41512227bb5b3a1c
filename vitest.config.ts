import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Tests run against the TypeScript sources, not the built dist/: each package's
// exports map ("./dist/x.js") is mapped to its source ("./src/x.ts").
const packagesDirectory = fileURLToPath(new URL('./packages/', import.meta.url));

function sourceAliases() {
  const aliases: { find: RegExp; replacement: string }[] = [];
  for (const folder of readdirSync(packagesDirectory)) {
    let manifest: { name: string; exports?: Record<string, unknown> };
    try {
      manifest = JSON.parse(readFileSync(`${packagesDirectory}${folder}/package.json`, 'utf8'));
    } catch {
      continue;
    }
    for (const [subpath, target] of Object.entries(manifest.exports ?? {})) {
      const entry = typeof target === 'object' && target !== null ? (target as { import?: string }).import : undefined;
      if (!entry?.startsWith('./dist/')) continue;
      const specifier = subpath === '.' ? manifest.name : `${manifest.name}/${subpath.slice(2)}`;
      const source = entry.replace('./dist/', './src/').replace(/\.js$/, '.ts');
      const escaped = specifier.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
      aliases.push({
        find: new RegExp(`^${escaped}$`),
        replacement: `${packagesDirectory}${folder}/${source.slice(2)}`,
      });
    }
  }
  return aliases;
}

export default defineConfig({
  resolve: { alias: sourceAliases() },
  test: {
    include: ['packages/*/src/**/*.test.ts'],
    setupFiles: ['./vitest.setup.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    benchmark: { include: ['packages/*/src/**/*.bench.ts', 'bench/**/*.bench.ts'] },
  },
});
