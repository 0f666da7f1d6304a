import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { isMap, isSeq, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';
import { z } from 'zod';
import type { Database } from '../db/database.js';
import {
  countGraph,
  GraphWriter,
  type ComparisonInput,
  type ConceptInput,
  type RelationInput,
  type WriteCounts,
} from '../graph/writer.js';
import { graphIsEmpty } from '../graph/ingest.js';
import { comparisonProblems, pairKey, relationProblems } from '../graph/rules.js';
import { ComparisonFields, ConceptFields, RelationFields } from '../graph/validation.js';
import type { CliErrorCode } from '../errors.js';
import { recordChange } from '../graph/changes.js';

/** Every problem found in the seed files, each naming its file and entry. */
export class SeedError extends Error {
  readonly code = 'SEED_INVALID' satisfies CliErrorCode;
  constructor(readonly problems: string[]) {
    super(`the seeds are invalid (${problems.length} problem${problems.length === 1 ? '' : 's'}); nothing was written:\n  ${problems.join('\n  ')}`);
  }
}

const ConceptEntry = ConceptFields;
const RelationEntry = RelationFields;
const ComparisonEntry = ComparisonFields;

const SeedFile = z.strictObject({
  concepts: z.array(z.unknown()).optional(),
  relations: z.array(z.unknown()).optional(),
  comparisons: z.array(z.unknown()).optional(),
});

export interface SeedGraph {
  concepts: ConceptInput[];
  relations: RelationInput[];
  comparisons: ComparisonInput[];
  /** Where each entry was read ("seeds/cells.yaml:12: relations[3] (…)"), in the same order. */
  locations?: { concepts: string[]; relations: string[]; comparisons: string[] };
}

interface Located<T> {
  where: string;
  entry: T;
}

/** `where` is "file:line: section[index] (label)"; an issue inside a field names that field's own line. */
function describeIssues(where: string, error: z.ZodError, lineOf: (path: readonly PropertyKey[]) => number | null = () => null): string[] {
  return error.issues.map((issue) => {
    const line = lineOf(issue.path);
    const at = line === null ? where : where.replace(/:\d+:( |$)/, `:${line}:$1`);
    return `${at}${issue.path.length ? ` ${issue.path.join('.')}` : ''}: ${issue.message}`;
  });
}

/** The line of the node at `path` under `node` (the deepest one that exists), 1-based. */
function lineFinder(node: unknown, lines: LineCounter): (path: readonly PropertyKey[]) => number | null {
  return (path) => {
    let found = node as YamlNode | undefined;
    for (const key of path) {
      const next: unknown = isMap(found) || isSeq(found) ? found.get(key as string | number, true) : undefined;
      if (!next) break;
      found = next as YamlNode;
    }
    const start = found?.range?.[0];
    return start === undefined ? null : lines.linePos(start).line;
  };
}

function label(entry: unknown, keys: string[]): string {
  if (!entry || typeof entry !== 'object') return '';
  const record = entry as Record<string, unknown>;
  const parts = keys.map((key) => record[key]).filter((value) => typeof value === 'string');
  return parts.length ? ` (${parts.join(' ')})` : '';
}

async function seedFiles(dir: string): Promise<string[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((name) => /\.ya?ml$/.test(name)).sort();
  } catch (error) {
    throw new SeedError([`${dir}: cannot read the seeds directory (${(error as Error).message})`]);
  }
  if (names.length === 0) throw new SeedError([`${dir}: no .yaml seed files found`]);
  return names.map((name) => path.join(dir, name));
}

/**
 * Reads and checks every *.yaml / *.yml file of the given directories (or single files) as
 * one graph; throws a {@link SeedError} listing all problems.
 */
export async function readSeeds(sources: string | readonly string[]): Promise<SeedGraph> {
  const files: string[] = [];
  for (const source of typeof sources === 'string' ? [sources] : sources) {
    files.push(...(/\.ya?ml$/.test(source) ? [source] : await seedFiles(source)));
  }

  const problems: string[] = [];
  const concepts: Located<z.infer<typeof ConceptEntry>>[] = [];
  const relations: Located<z.infer<typeof RelationEntry>>[] = [];
  const comparisons: Located<z.infer<typeof ComparisonEntry>>[] = [];

  for (const filePath of files) {
    const file = path.join(path.basename(path.dirname(filePath)), path.basename(filePath));
    const lines = new LineCounter();
    const document = parseDocument(await readFile(filePath, 'utf8'), { prettyErrors: true, lineCounter: lines });
    if (document.errors.length) {
      for (const error of document.errors) {
        const line = error.linePos?.[0].line;
        problems.push(`${file}${line ? `:${line}` : ''}: not valid YAML: ${error.message.split('\n')[0]}`);
      }
      continue;
    }
    const top = SeedFile.safeParse(document.toJS() ?? {});
    if (!top.success) {
      problems.push(...describeIssues(`${file}:1:`, top.error, lineFinder(document.contents, lines)));
      continue;
    }
    const collect = <T>(
      section: keyof z.infer<typeof SeedFile>,
      schema: z.ZodType<T>,
      keys: string[],
      into: Located<T>[],
    ) => {
      const items = document.get(section, true);
      top.data[section]?.forEach((raw, index) => {
        const lineOf = lineFinder(isSeq(items) ? items.get(index, true) : undefined, lines);
        const where = `${file}:${lineOf([]) ?? 1}: ${section}[${index}]${label(raw, keys)}`;
        const parsed = schema.safeParse(raw);
        if (parsed.success) into.push({ where, entry: parsed.data });
        else problems.push(...describeIssues(where, parsed.error, lineOf));
      });
    };
    collect('concepts', ConceptEntry, ['slug'], concepts);
    collect('relations', RelationEntry, ['from', 'type', 'to'], relations);
    collect('comparisons', ComparisonEntry, ['slug'], comparisons);
  }

  const conceptSlugs = new Map<string, string>();
  for (const { where, entry } of concepts) {
    const first = conceptSlugs.get(entry.slug);
    if (first) problems.push(`${where}: duplicate concept slug "${entry.slug}" (first defined at ${first})`);
    else conceptSlugs.set(entry.slug, where);
  }
  const kindOf = new Map(concepts.map(({ entry }) => [entry.slug, entry.kind]));
  const relationKeys = new Set<string>();
  for (const { where, entry } of relations) {
    for (const end of ['from', 'to'] as const) {
      if (!conceptSlugs.has(entry[end])) problems.push(`${where}: ${end}: unknown concept "${entry[end]}"`);
    }
    const ends = { from: entry.from, type: entry.type as RelationInput['type'], to: entry.to };
    for (const problem of relationProblems(ends, kindOf.get(entry.from), kindOf.get(entry.to))) problems.push(`${where}: ${problem}`);
    const key = `${entry.from} ${entry.type} ${entry.to}`;
    if (relationKeys.has(key)) problems.push(`${where}: duplicate relation "${key}"`);
    relationKeys.add(key);
  }
  const comparisonSlugs = new Map<string, string>();
  const comparedPairs = new Map<string, string>();
  for (const { where, entry } of comparisons) {
    const first = comparisonSlugs.get(entry.slug);
    if (first) problems.push(`${where}: duplicate comparison slug "${entry.slug}" (first defined at ${first})`);
    else comparisonSlugs.set(entry.slug, where);
    for (const problem of comparisonProblems(entry.concepts)) problems.push(`${where}: ${problem}`);
    const pair = comparedPairs.get(pairKey(entry.concepts));
    if (pair && !first) problems.push(`${where}: compares the same two concepts as ${pair}; one comparison per pair`);
    else comparedPairs.set(pairKey(entry.concepts), where);
    const expected = entry.concepts.join('-vs-');
    if (entry.slug !== expected) problems.push(`${where}: slug must be "${expected}", the two concept slugs joined by -vs-`);
    for (const concept of entry.concepts) {
      if (!conceptSlugs.has(concept)) problems.push(`${where}: concepts: unknown concept "${concept}"`);
    }
    entry.aspects.forEach((aspect, index) => {
      if (aspect.values.length !== entry.concepts.length) {
        problems.push(
          `${where}: aspects.${index} (${aspect.name}): has ${aspect.values.length} values for ${entry.concepts.length} concepts`,
        );
      }
    });
  }
  for (const { where, entry } of comparisons) {
    for (const related of entry.related) {
      if (!comparisonSlugs.has(related)) problems.push(`${where}: related: unknown comparison "${related}"`);
    }
  }

  if (problems.length) throw new SeedError(problems);
  return {
    concepts: concepts.map(({ entry }) => ({
      ...entry,
      definition: entry.definition ?? null,
    })),
    relations: relations.map(({ entry }) => ({
      ...entry,
      type: entry.type as RelationInput['type'],
      evidence: entry.evidence ?? null,
    })),
    comparisons: comparisons.map(({ entry }) => ({ ...entry, summary: entry.summary ?? null })),
    locations: {
      concepts: concepts.map(({ where }) => where),
      relations: relations.map(({ where }) => where),
      comparisons: comparisons.map(({ where }) => where),
    },
  };
}

/**
 * Writes the whole seed graph in one transaction: all of it lands, or none of it. Not bound by
 * the API's query timeout, so a busy machine makes seeding slow, not failed.
 */
export async function writeSeeds(db: Database, seeds: SeedGraph): Promise<WriteCounts> {
  return db.bulkWriteTx(async (tx) => {
    const writer = new GraphWriter(tx);
    await writer.upsertConcepts(seeds.concepts);
    await writer.upsertRelations(seeds.relations);
    await writer.upsertComparisons(seeds.comparisons);
    await writer.linkRelatedComparisons(seeds.comparisons);
    const counts = await countGraph(tx);
    await recordChange(tx, {
      entity: 'GRAPH',
      action: 'IMPORTED',
      key: 'seeds',
      source: 'seed',
      summary: `${seeds.concepts.length} concepts, ${seeds.relations.length} relations, ${seeds.comparisons.length} comparisons`,
    });
    return counts;
  });
}

export async function loadSeeds(db: Database, dir: string): Promise<WriteCounts> {
  return writeSeeds(db, await readSeeds(dir));
}

export async function isGraphEmpty(db: Database): Promise<boolean> {
  return db.readTx(graphIsEmpty);
}
