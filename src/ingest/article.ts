import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { run, type Database, type Tx } from '../db/database.js';
import { GraphWriter, type ComparisonInput } from '../graph/writer.js';
import { setSearchKeys } from '../graph/concepts.js';
import type { ConceptKind } from '../graph/vocabulary.js';
import {
  ArticleFormatError,
  decodeText,
  expandPair,
  guessKind,
  parseArticle,
  singular,
  type ParsedArticle,
} from './article-parser.js';
import { slugify } from './obo.js';

export interface ArticleImportSummary {
  comparisons: string[];
  /** Comparisons created as stubs because an article lists them as related. */
  stubComparisons: string[];
  /** Concepts created because no existing concept matched a name. */
  stubConcepts: string[];
}

interface StubConcept {
  slug: string;
  name: string;
  kind: ConceptKind;
  definition: string | null;
  aliases: string[];
  sources: string[];
}

/** Reads and parses every file first, so one bad file stops the import before any write. */
export async function readArticles(files: readonly string[]): Promise<ParsedArticle[]> {
  const articles: ParsedArticle[] = [];
  for (const filePath of files) {
    const file = path.basename(filePath);
    const bytes = await readFile(filePath).catch((error: NodeJS.ErrnoException) => {
      throw new ArticleFormatError(file, 0, error.code === 'ENOENT' ? 'no such file' : `cannot read the file (${error.code})`);
    });
    articles.push(parseArticle(filePath, decodeText(file, bytes)));
  }
  return articles;
}

/**
 * Finds, for each name, the slug of the concept it means: by slug (of the singular), by
 * name, then by alias, ignoring case; curated concepts win over imported ones.
 */
async function resolveNames(tx: Tx, names: readonly string[]): Promise<Map<string, string>> {
  const queries = names.map((name) => ({
    name,
    lower: name.toLowerCase(),
    singular: singular(name).toLowerCase(),
    slug: slugify(singular(name)),
  }));
  const rows = await run<{ name: string; slug: string | null }>(
    tx,
    `UNWIND $queries AS q
     OPTIONAL MATCH (c:Concept)
     WHERE c.slug = q.slug OR toLower(c.name) IN [q.lower, q.singular]
        OR any(alias IN coalesce(c.aliases, []) WHERE toLower(alias) IN [q.lower, q.singular])
     WITH q, c,
          CASE WHEN c.slug = q.slug THEN 0 WHEN toLower(c.name) IN [q.lower, q.singular] THEN 1 ELSE 2 END AS rank,
          CASE WHEN 'curated' IN coalesce(c.sources, []) THEN 0 ELSE 1 END AS origin
     ORDER BY rank, origin, c.slug
     WITH q, collect(c.slug)[0] AS slug
     RETURN q.name AS name, slug`,
    { queries },
  );
  return new Map(rows.filter((row) => row.slug).map((row) => [row.name, row.slug!]));
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1).toLowerCase();
}

/**
 * Upserts each article's comparison (title, summary, aspect table), its two concepts
 * (matched by slug, name or alias; created if missing) and RELATED_TO each comparison it
 * lists, creating stub comparisons and concepts where they do not exist yet. Everything
 * lands in one transaction; importing the same files again changes nothing.
 */
export async function importArticles(db: Database, files: readonly string[]): Promise<ArticleImportSummary> {
  const articles = await readArticles(files);
  return db.writeTx(async (tx) => {
    const candidates = articles.flatMap((article) => [
      ...article.sides,
      ...article.related.flatMap(([left, right]) => expandPair(left, right).flat()),
    ]);
    const known = await resolveNames(tx, [...new Set(candidates)]);
    const stubs = new Map<string, StubConcept>();

    const conceptFor = (options: string[], source: string, definition: string | null = null): string => {
      const found = options.map((option) => known.get(option)).find(Boolean);
      if (found) return found;
      const name = capitalise(singular(options[0]!));
      const slug = slugify(name);
      if (!slug) throw new ArticleFormatError(source, 0, `cannot make a slug from the concept name "${options[0]}"`);
      const stub = stubs.get(slug);
      if (stub) return slug;
      const aliases = [...new Set(options.filter((option) => option.toLowerCase() !== name.toLowerCase()))];
      stubs.set(slug, { slug, name, kind: guessKind(name), definition, aliases, sources: [`article:${source}`] });
      return slug;
    };

    const comparisons: ComparisonInput[] = [];
    const relatedStubs = new Map<string, { slug: string; title: string; concepts: string[]; sources: string[] }>();
    for (const article of articles) {
      const source = slugify(article.file.replace(/\.[^.]+$/, ''));
      const sides = article.sides.map((side, index) => conceptFor([side], source, article.bullets[index as 0 | 1][0] ?? null));
      const related = article.related.map(([left, right]) => {
        const [lefts, rights] = expandPair(left, right);
        const pair = [conceptFor(lefts, source), conceptFor(rights, source)];
        const slug = pair.join('-vs-');
        if (!relatedStubs.has(slug)) {
          relatedStubs.set(slug, { slug, title: `${left} vs ${right}`, concepts: pair, sources: [`article:${source}`] });
        }
        return slug;
      });
      comparisons.push({
        slug: sides.join('-vs-'),
        title: article.title,
        summary: article.summary,
        concepts: sides,
        aspects: article.aspects,
        related,
        sources: [`article:${source}`],
      });
    }

    const writer = new GraphWriter(tx);
    const stubConcepts = [...stubs.values()];
    await run(
      tx,
      `UNWIND $rows AS row
       MERGE (c:Concept {slug: row.slug})
       ON CREATE SET c.name = row.name, c.kind = row.kind, c.definition = row.definition,
                     c.aliases = row.aliases, c.xrefs = [], c.sources = row.sources, c.stub = true
       SET ${setSearchKeys('c')}`,
      { rows: stubConcepts },
    );
    await writer.setKindLabels(stubConcepts);

    const ownSlugs = new Set(comparisons.map((comparison) => comparison.slug));
    const stubRows = [...relatedStubs.values()].filter((stub) => !ownSlugs.has(stub.slug));
    const created = await run<{ slug: string }>(
      tx,
      `UNWIND $rows AS row
       OPTIONAL MATCH (existing:Comparison {slug: row.slug})
       WITH row, existing WHERE existing IS NULL
       CREATE (cmp:Comparison {slug: row.slug, title: row.title, summary: null, sources: row.sources, stub: true})
       WITH cmp, row
       UNWIND range(0, size(row.concepts) - 1) AS position
       MATCH (c:Concept {slug: row.concepts[position]})
       CREATE (cmp)-[:COMPARES {position: position}]->(c)
       RETURN DISTINCT cmp.slug AS slug`,
      { rows: stubRows },
    );
    await writer.upsertComparisons(comparisons);
    await run(tx, 'UNWIND $slugs AS slug MATCH (cmp:Comparison {slug: slug}) REMOVE cmp.stub', { slugs: [...ownSlugs] });
    await writer.linkRelatedComparisons(comparisons);

    return {
      comparisons: [...ownSlugs],
      stubComparisons: created.map((row) => row.slug),
      stubConcepts: stubConcepts.map((stub) => stub.slug),
    };
  });
}
