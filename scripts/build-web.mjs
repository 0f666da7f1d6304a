// Builds the pages into dist/web, bundled and minified by esbuild, no CDN:
// - the explorer: app.js (our TypeScript and Cytoscape.js), app.css, index.html and embed.html;
// - GraphiQL: graphiql.js and graphiql.css (the graphiql package, React and its fonts inlined).
import { build } from 'esbuild';
import { copyFile, mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const web = path.join(root, 'src', 'web');
const out = path.join(root, 'dist', 'web');
await mkdir(out, { recursive: true });
const common = {
  bundle: true,
  minify: true,
  sourcemap: true,
  format: 'iife',
  target: ['chrome110', 'firefox110', 'safari16'],
  logLevel: 'warning',
  define: { 'process.env.NODE_ENV': '"production"' },
};
await Promise.all([
  build({ ...common, entryPoints: [path.join(web, 'explorer', 'main.ts')], outfile: path.join(out, 'app.js') }),
  build({
    ...common,
    entryPoints: [path.join(web, 'graphiql', 'main.ts')],
    outfile: path.join(out, 'graphiql.js'),
    loader: { '.woff2': 'dataurl', '.woff': 'dataurl', '.ttf': 'dataurl', '.svg': 'dataurl' },
    legalComments: 'eof',
  }),
]);
await copyFile(path.join(web, 'explorer', 'index.html'), path.join(out, 'index.html'));
await copyFile(path.join(web, 'explorer', 'embed.html'), path.join(out, 'embed.html'));
await copyFile(path.join(web, 'explorer', 'styles.css'), path.join(out, 'app.css'));
const kib = async (file) => `${((await stat(path.join(out, file))).size / 1024).toFixed(0)} KiB`;
console.log(`pages built: dist/web/app.js ${await kib('app.js')}, graphiql.js ${await kib('graphiql.js')}, graphiql.css ${await kib('graphiql.css')}`);
