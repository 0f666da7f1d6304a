#!/usr/bin/env -S node --max-semi-space-size=64
import { createWriteStream } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from './config.js';
import { connect } from './db/connect.js';
import { readArticles, writeArticles } from './ingest/article.js';
import { DEFAULT_PREFIXES, readOntologies, writeOntologies, type OboImportSummary, type PrefixChoice } from './ingest/obo.js';
import { readSeeds, writeSeeds } from './ingest/seeds.js';
import { CONCEPT_KINDS } from './graph/vocabulary.js';
import { ImportProgressLog } from './graph/imports.js';
import type { Database } from './db/database.js';
import { printedSchema, SCHEMA_FILE } from './schema/print.js';
import { createLog } from './log.js';
import { parseExportRequest } from './export/request.js';
import { EXPORT_FORMATS, EXPORT_PARTS, fileName, needsPart, writeExport, type ExportPart } from './export/writers.js';
import { createRepositories } from './graph/index.js';
import { startServer } from './server.js';

/** Each command's usage and options, for `ossigraph <command> --help` and, together, `--help`. */
const COMMANDS: Record<string, string> = {
  start: `start
      Run the GraphQL server (GraphiQL at /graphql, the explorer at /explore). Starts an
      embedded Neo4j unless NEO4J_URI is set (or joins the one a running server started on
      the same data directory), and loads the seeds into an empty graph.`,
  seed: `seed [--dir DIR]
      Load the curated seeds (default: seeds/) into Neo4j; safe to repeat. The files are
      checked first (npm run check:seeds does only that) and written in one transaction.`,
  'import-article': `import-article FILE...
      Import "X vs Y" articles: the comparison, its table, its concepts and its related
      comparisons (stubs where they do not exist yet).`,
  'import-obo': `import-obo FILE... [--roots CURIE...] [--prefix PREFIX=KIND]...
      Import OBO 1.2 ontologies (terms, is_a, relationships). --roots keeps only the terms
      under those CURIEs and their ancestors (CURIEs after --roots, space- or
      comma-separated, up to the first argument that is not one). --prefix gives the terms
      of an ID prefix beyond ${DEFAULT_PREFIXES.join(', ')} a kind (CELL, PROCESS, ...), or =skip.`,
  export: `export --format FORMAT [--part nodes|edges] [--out DIR] [VIEW]
      Write the graph, or a view of it, as ${EXPORT_FORMATS.join(', ')}; streamed, so any size
      runs in constant memory. To stdout (KGX and CSV need --part), or with --out into DIR
      as ossigraph_nodes.tsv and ossigraph_edges.tsv (or .jsonl, .csv; ossigraph.jsonld).
      VIEW: --concept SLUG [--depth N], --slugs A,B [--depth N], --q TEXT [--first N];
      none: the whole graph.`,
  'export-schema': `export-schema [FILE | -] [--check]
      Print the GraphQL schema: to schema/schema.graphql, to FILE, or to stdout with -.
      --check only reports whether schema/schema.graphql is up to date (exit 1 if not).`,
  help: `help [COMMAND]
      Show this text, or one command's.`,
};

const HELP = `ossigraph — a GraphQL knowledge-graph server for bone biology, on Neo4j

Usage: ossigraph <command> [options]       ossigraph <command> --help

Commands:
${Object.values(COMMANDS).map((text) => `  ${text}`).join('\n')}

Imports and seeds check every file first and report every problem (file:line) before
anything is written; then they write in one transaction, so an interrupted import leaves
the graph as it was and running it again finishes it. Relative paths are read from the
working directory.

Settings come from the environment; see README.md for the full list
(PORT, HOST, NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD, NEO4J_DATABASE, ...).
`;

const log = (message: string) => console.error(`[ossigraph] ${message}`);
/** The commands other than start report in text, for the person at the terminal. */
const textLog = createLog({ level: 'info', format: 'text' });

async function start(): Promise<void> {
  const config = loadConfig();
  const serverLog = createLog(config.log);
  const started = Date.now();
  const server = await startServer(config, serverLog);
  serverLog('info', `GraphQL and GraphiQL at ${server.url} (ready in ${((Date.now() - started) / 1000).toFixed(1)}s)`, { url: server.url });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    serverLog('info', `${signal}: finishing ${server.inFlight()} requests in flight, then shutting down`);
    const force = setTimeout(() => process.exit(1), 45_000);
    force.unref();
    await server.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

async function seed(dir: string | undefined): Promise<void> {
  const config = loadConfig();
  // The files are checked before a database is started or reached.
  const seeds = await readSeeds(dir ? path.resolve(dir) : config.seeds.dir);
  const connection = await connect(config, textLog);
  try {
    log('writing the seeds (one transaction)…');
    const counts = await writeSeeds(connection.db, seeds);
    log(`seeds loaded; the graph now holds ${counts.concepts} concepts, ${counts.relations} relations, ${counts.comparisons} comparisons`);
  } finally {
    await connection.close();
  }
}

/**
 * Progress of an import: a one-line bar on a terminal; elsewhere (a file, a CI log) a line
 * every 5 seconds and one at the end, so a long import is never silent.
 */
function progressBar(): (phase: string, done: number, total: number) => void {
  if (!process.stderr.isTTY) {
    let last = Date.now();
    return (phase, done, total) => {
      if (done < total && Date.now() - last < 5_000) return;
      last = Date.now();
      log(`${phase}: ${done}/${total} rows written${done >= total ? '; committing' : ''}`);
    };
  }
  return (phase, done, total) => {
    const width = 30;
    const filled = total ? Math.round((done / total) * width) : width;
    process.stderr.write(`\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total} ${phase.padEnd(10)}`);
    if (done >= total) process.stderr.write('\n[ossigraph] committing…\n');
  };
}

function describeImport(summary: OboImportSummary, seconds: number): string {
  const files = summary.files.map((file) => `${file.file} (${file.terms} terms)`).join(', ');
  const skipped = Object.entries(summary.skipped).map(([why, n]) => `${n} ${why}`).join('; ') || 'none';
  return [
    `imported ${files} in ${seconds.toFixed(1)}s`,
    `  terms: ${summary.terms} (${summary.created} new concepts, ${summary.merged} merged into existing ones, ${summary.sharedAcrossFiles} defined in more than one file)`,
    `  relations: ${summary.relations} (${summary.otherRelations} kept as OTHER)`,
    `  skipped: ${skipped}`,
    `  kept as OTHER because the kinds they join do not fit their type: ${Object.entries(summary.reclassified).map(([type, n]) => `${n} ${type}`).join('; ') || 'none'}`,
  ].join('\n');
}

/** `--prefix SYN=SUBSTANCE` (repeatable) as a map, refusing unknown kinds. */
function prefixMap(values: readonly string[]): Record<string, PrefixChoice> {
  const choices = [...CONCEPT_KINDS, 'skip'] as const;
  const map: Record<string, PrefixChoice> = {};
  for (const value of values) {
    const match = /^([A-Za-z][\w.-]*)=(\w+)$/.exec(value);
    const choice = match?.[2] === 'skip' ? 'skip' : match?.[2]?.toUpperCase();
    if (!match || !choices.includes(choice as PrefixChoice)) {
      throw new UsageError(`--prefix ${value}: expected PREFIX=KIND with KIND one of ${choices.join(', ')}`);
    }
    map[match[1]!] = choice as PrefixChoice;
  }
  return map;
}

type Progress = (phase: string, done: number, total: number) => void;

/**
 * Runs an import as a tracked run (Subscription.importProgress shows it to any client of any
 * server on this database) with a progress bar here. Tracking is best effort: if the run
 * cannot be recorded, the import goes on untracked.
 */
async function trackedImport<T>(db: Database, source: string, files: readonly string[], work: (progress: Progress) => Promise<T>, describe: (result: T) => string): Promise<T> {
  const runs = new ImportProgressLog(db);
  const id = await runs.start(source, files.map((file) => path.basename(file)).join(', ')).catch(() => null);
  const reporter = id ? runs.reporter(id) : null;
  const bar = progressBar();
  let last = { done: 0, total: 0 };
  try {
    const result = await work((phase, done, total) => {
      last = { done, total };
      bar(phase, done, total);
      reporter?.progress(phase, done, total);
    });
    await reporter?.end('DONE', describe(result), last);
    return result;
  } catch (error) {
    await reporter?.end('FAILED', error instanceof Error ? error.message : String(error), last);
    throw error;
  }
}

async function importOntologies(files: string[], roots: string[], prefixes: Record<string, PrefixChoice>): Promise<void> {
  if (files.length === 0) throw new UsageError('import-obo needs at least one FILE');
  const config = loadConfig();
  const started = Date.now();
  // Every file is parsed and checked before a database is started or reached.
  const plan = await readOntologies(files, { roots, prefixes });
  const connection = await connect(config, textLog);
  try {
    const summary = await trackedImport(
      connection.db,
      'import-obo',
      files,
      (progress) => writeOntologies(connection.db, plan, progress),
      (result) => `${result.terms} terms and ${result.relations} relations written`,
    );
    log(describeImport(summary, (Date.now() - started) / 1000));
  } finally {
    await connection.close();
  }
}

async function importArticleFiles(files: string[]): Promise<void> {
  if (files.length === 0) throw new UsageError('import-article needs at least one FILE');
  const config = loadConfig();
  const articles = await readArticles(files);
  const connection = await connect(config, textLog);
  try {
    const summary = await trackedImport(
      connection.db,
      'import-article',
      files,
      () => writeArticles(connection.db, articles),
      (result) => `imported ${result.comparisons.join(', ')}`,
    );
    log(`imported ${summary.comparisons.join(', ')}`);
    log(`  new stub comparisons: ${summary.stubComparisons.length ? summary.stubComparisons.join(', ') : 'none'}`);
    log(`  new stub concepts: ${summary.stubConcepts.length ? summary.stubConcepts.join(', ') : 'none'}`);
  } finally {
    await connection.close();
  }
}

/** Splits `--roots A B C` (values until the next option) from the rest of argv. */
function takeRoots(argv: string[]): { rest: string[]; roots: string[] } {
  const rest: string[] = [];
  const roots: string[] = [];
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    if (arg === '--roots') {
      // CURIEs follow until the first argument that is not one (a file: "--roots X FILE").
      while (i + 1 < argv.length && /^[A-Za-z][\w.]*:[^\s/]+(,[A-Za-z][\w.]*:[^\s/]+)*$/.test(argv[i + 1]!)) roots.push(...argv[++i]!.split(',').filter(Boolean));
    } else if (arg.startsWith('--roots=')) {
      roots.push(...arg.slice('--roots='.length).split(',').filter(Boolean));
    } else rest.push(arg);
  }
  return { rest, roots };
}

async function exportSchema(check: boolean, target: string | undefined): Promise<void> {
  const printed = printedSchema();
  if (target === '-') {
    process.stdout.write(printed);
    return;
  }
  if (check) {
    const current = await readFile(SCHEMA_FILE, 'utf8').catch(() => '');
    if (current !== printed) {
      log(`${path.relative(process.cwd(), SCHEMA_FILE)} is out of date: run "npm run export-schema"`);
      process.exitCode = 1;
    } else log('schema/schema.graphql is up to date');
    return;
  }
  const file = target ? path.resolve(target) : SCHEMA_FILE;
  await writeFile(file, printed);
  log(`wrote the GraphQL schema to ${path.relative(process.cwd(), file) || file}`);
}

interface ExportOptions {
  format?: string;
  part?: string;
  out?: string;
  concept?: string;
  slugs?: string;
  depth?: string;
  q?: string;
  first?: string;
}

/** `ossigraph export`: the same parameters as GET /export, checked before Neo4j is reached. */
async function exportGraph(options: ExportOptions): Promise<void> {
  const params = new URLSearchParams();
  for (const key of ['format', 'part', 'concept', 'slugs', 'depth', 'q', 'first'] as const) {
    if (options[key] !== undefined) params.set(key, options[key]!);
  }
  const request = parseExportRequest(params, { allParts: options.out !== undefined });
  if (typeof request === 'string') {
    const words = request.replace(/\b(part|format|concept|slugs|depth|q|first)=/g, '--$1 ').replace(/\b(leave out) part\b/, '$1 --part');
    throw new UsageError(/two files/.test(words) ? `${words} (or --out DIR for both)` : words);
  }
  const parts: (ExportPart | null)[] = request.part ? [request.part] : needsPart(request.format) ? [...EXPORT_PARTS] : [null];
  const connection = await connect(loadConfig(), textLog);
  try {
    const reader = createRepositories(connection.db).exports;
    const slugs = await reader.resolve(request.view);
    const source = { nodes: () => reader.nodes(slugs), edges: () => reader.edges(slugs) };
    for (const part of parts) {
      const started = Date.now();
      let bytes = 0;
      const counted = async function* () {
        for await (const chunk of writeExport(request.format, part, source)) {
          bytes += Buffer.byteLength(chunk);
          yield chunk;
        }
      };
      if (options.out === undefined) {
        // stdout: a pipe that closes early (| head) ends the export quietly.
        await pipeline(Readable.from(counted()), process.stdout).catch((error: NodeJS.ErrnoException) => {
          if (error.code !== 'EPIPE') throw error;
        });
      } else {
        await mkdir(path.resolve(options.out), { recursive: true });
        const file = path.join(path.resolve(options.out), fileName(request.format, part));
        await pipeline(Readable.from(counted()), createWriteStream(file));
        log(`wrote ${path.relative(process.cwd(), file) || file} (${(bytes / 1024).toFixed(0)} KiB) in ${((Date.now() - started) / 1000).toFixed(1)}s`);
      }
    }
  } finally {
    await connection.close();
  }
}

async function main(argv: string[]): Promise<void> {
  const { rest: args, roots } = takeRoots(argv);
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      help: { type: 'boolean', short: 'h' },
      dir: { type: 'string' },
      check: { type: 'boolean' },
      prefix: { type: 'string', multiple: true },
      format: { type: 'string' },
      part: { type: 'string' },
      out: { type: 'string' },
      concept: { type: 'string' },
      slugs: { type: 'string' },
      depth: { type: 'string' },
      q: { type: 'string' },
      first: { type: 'string' },
    },
  });
  const [command = 'help', ...rest] = positionals;
  if (command === 'help' && rest[0] && COMMANDS[rest[0]]) {
    process.stdout.write(`Usage: ossigraph ${COMMANDS[rest[0]]}\n`);
    return;
  }
  if (values.help || command === 'help') {
    process.stdout.write(COMMANDS[command] && command !== 'help' ? `Usage: ossigraph ${COMMANDS[command]}\n` : HELP);
    return;
  }
  if (command === 'import-obo') return importOntologies(rest, roots, prefixMap(values.prefix ?? []));
  if (roots.length) throw new UsageError('--roots belongs to import-obo');
  if (values.prefix?.length) throw new UsageError('--prefix belongs to import-obo');
  if (command === 'import-article') return importArticleFiles(rest);
  if (command === 'export-schema' && rest.length <= 1) return exportSchema(values.check ?? false, rest[0]);
  if (rest.length) throw new UsageError(`unexpected argument "${rest[0]}"`);
  switch (command) {
    case 'start':
      return start();
    case 'seed':
      return seed(values.dir);
    case 'export':
      return exportGraph(values);
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

class UsageError extends Error {}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof UsageError || (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))) {
    log(`${(error as Error).message}; see "ossigraph --help"`);
    process.exit(2);
  }
  // Known failures carry a code and a message meant for people: print the message alone.
  if (error instanceof Error && 'code' in error && typeof error.code === 'string') {
    log(error.message);
  } else {
    console.error(error);
  }
  process.exit(1);
});
