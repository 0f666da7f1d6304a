// Builds the explorer page into dist/web: app.js (our TypeScript and Cytoscape.js, bundled
// and minified by esbuild, no CDN), app.css, index.html and embed.html copied beside it.
import { build } from 'esbuild';
import { copyFile, mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const source = path.join(root, 'src', 'web', 'explorer');
const out = path.join(root, 'dist', 'web');
await mkdir(out, { recursive: true });
await build({
  entryPoints: [path.join(source, 'main.ts')],
  bundle: true,
  minify: true,
  sourcemap: true,
  format: 'iife',
  target: ['chrome110', 'firefox110', 'safari16'],
  outfile: path.join(out, 'app.js'),
  logLevel: 'warning',
});
await copyFile(path.join(source, 'index.html'), path.join(out, 'index.html'));
await copyFile(path.join(source, 'embed.html'), path.join(out, 'embed.html'));
await copyFile(path.join(source, 'styles.css'), path.join(out, 'app.css'));
const { size } = await stat(path.join(out, 'app.js'));
console.log(`explorer built: dist/web/app.js ${(size / 1024).toFixed(0)} KiB`);
