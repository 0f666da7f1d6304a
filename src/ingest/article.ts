import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Database } from '../db/database.js';
import { ImportWriter, type StubComparison, type StubConcept } from '../graph/ingest.js';
import type { ComparisonInput } from '../graph/writer.js';
import {
  ArticleFormatError,
  decodeText,
  expandPair,
  guessKind,
  parseArticle,
  singular,
  type ParsedArticle,
} from './article-parser.js';
import { readEach } from './errors.js';
import { slugify } from './obo.js';
import { recordChange } from '../graph/changes.js';

export interface ArticleImportSummary {
  comparisons: string[];
  /** Comparisons created as stubs because an article lists them as related. */
  stubComparisons: string[];
  /** Concepts created because no existing concept matched a name. */
  stubConcepts: string[];
}

/**
 * Reads and parses every file first, without a database: throws one {@link ArticleFormatError}
 * listing the problems of every file, so a bad file stops the import before anything is written.
 */
export async function readArticles(files: readonly string[]): Promise<ParsedArticle[]> {
  const { read: articles, problems } = await readEach(files, async (filePath) => {
    const file = path.basename(filePath);
    const bytes = await readFile(filePath).catch((error: NodeJS.ErrnoException) => {
      throw new ArticleFormatError(file, 0, error.code === 'ENOENT' ? 'no such file' : `cannot read the file (${error.code})`);
    });
    return parseArticle(filePath, decodeText(file, bytes));
  });
  if (problems.length) throw new ArticleFormatError(problems);
  return articles;
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
  return writeArticles(db, await readArticles(files));
}

export async function writeArticles(db: Database, articles: readonly ParsedArticle[]): Promise<ArticleImportSummary> {
  return db.bulkWriteTx(async (tx) => {
    const writer = new ImportWriter(tx);
    const candidates = articles.flatMap((article) => [
      ...article.sides,
      ...article.related.flatMap(([left, right]) => expandPair(left, right).flat()),
    ]);
    const known = await writer.resolveNames(
      [...new Set(candidates)].map((name) => ({
        name,
        lower: name.toLowerCase(),
        singular: singular(name).toLowerCase(),
        slug: slugify(singular(name)),
      })),
    );
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
    const relatedStubs = new Map<string, StubComparison>();
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

    const stubConcepts = [...stubs.values()];
    await writer.createStubConcepts(stubConcepts);

    const ownSlugs = new Set(comparisons.map((comparison) => comparison.slug));
    const stubRows = [...relatedStubs.values()].filter((stub) => !ownSlugs.has(stub.slug));
    const created = await writer.createStubComparisons(stubRows);
    await writer.upsertComparisons(comparisons);
    await writer.unmarkStubComparisons([...ownSlugs]);
    await writer.linkRelatedComparisons(comparisons);
    await recordChange(tx, {
      entity: 'GRAPH',
      action: 'IMPORTED',
      key: [...ownSlugs].join(', '),
      source: 'import-article',
      summary: `${ownSlugs.size} comparisons, ${created.length} stub comparisons, ${stubConcepts.length} stub concepts`,
    });

    return {
      comparisons: [...ownSlugs],
      stubComparisons: created,
      stubConcepts: stubConcepts.map((stub) => stub.slug),
    };
  });
}
