/** npm run export-errors — writes docs/errors.md from the error catalogue (src/errors.ts). */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PROJECT_ROOT } from '../src/config.js';
import { errorsDocument } from '../src/errors.js';

const file = path.join(PROJECT_ROOT, 'docs', 'errors.md');
await writeFile(file, errorsDocument());
console.log(`wrote ${path.relative(process.cwd(), file)}`);
