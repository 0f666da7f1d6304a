import DataLoader from 'dataloader';
import type { WriteAccess } from './auth.js';
import type { AspectRow, ComparisonRow } from './graph/comparisons.js';
import type { ConceptField, ConceptRow, Page } from './graph/concepts.js';
import type { RelatedOfConcept } from './graph/related-ranking.js';
import { FULL_PROJECTION, type RelationListOptions, type RelationRow } from './graph/relations.js';
import type { RelationType } from './graph/vocabulary.js';
import type { Repositories } from './graph/index.js';
import type { NeighborOptions } from './graph/neighborhood.js';
import type { HierarchyOptions } from './graph/hierarchy.js';

/**
 * Dispatch a batch once every resolver of the current level has asked: GraphQL resolves the
 * items of a list over several promise ticks, and DataLoader's default (the end of the
 * current tick) would split one level into several statements.
 */
const options = { batchScheduleFn: (dispatch: () => void) => setImmediate(dispatch) };

/**
 * A DataLoader that also hands back, synchronously, what was primed into it: a resolver whose
 * data a read-ahead fetched (lookahead.ts) answers without a promise, which a wide traversal
 * would pay for on every page.
 */
export class PrimedLoader<K, V> extends DataLoader<K, V> {
  private readonly primed = new Map<K, V>();

  override prime(key: K, value: V | PromiseLike<V> | Error): this {
    if (!(value instanceof Error) && !(value && typeof (value as PromiseLike<V>).then === 'function') && !this.primed.has(key)) this.primed.set(key, value as V);
    return super.prime(key, value);
  }

  override clear(key: K): this {
    this.primed.delete(key);
    return super.clear(key);
  }

  override clearAll(): this {
    this.primed.clear();
    return super.clearAll();
  }

  /** The value primed for `key`, if any. */
  peek(key: K): V | undefined {
    return this.primed.get(key);
  }
}

/**
 * A loader per distinct argument set, made on first use: a level of a query that asks the
 * same thing of many concepts becomes one statement, whatever the number of concepts.
 */
function perArguments<A, V>(load: (slugs: readonly string[], args: A) => Promise<V[]>, keyOf: (args: A) => string = (args) => JSON.stringify(args)) {
  let loaders: Map<string, PrimedLoader<string, V>> | undefined;
  return (args: A) => {
    const key = keyOf(args);
    loaders ??= new Map();
    let loader = loaders.get(key);
    if (!loader) {
      loader = new PrimedLoader((slugs) => load(slugs, args), options);
      loaders.set(key, loader);
    }
    return loader;
  };
}

/** A loader made the first time a request uses it: most requests use one or two of them. */
function lazy<T>(make: () => T): () => T {
  let made: T | undefined;
  return () => (made ??= make());
}

/** What `Concept.related` asks: how many topics, and which fields of each related concept. */
export interface RelatedOptions {
  first: number;
  fields: readonly ConceptField[];
}

/**
 * Per-request loaders: every concept or comparison a request names is fetched once, in one
 * statement per resolver level, however many fields ask for it.
 */
export function createLoaders(repos: Repositories) {
  const concept = lazy(() => new DataLoader<string, ConceptRow | null>((slugs) => repos.concepts.findBySlugs(slugs), options));
  const comparison = lazy(() => new DataLoader<string, ComparisonRow | null>((slugs) => repos.comparisons.findBySlugs(slugs), options));
  const comparisonsOfConcept = lazy(() => new DataLoader<string, ComparisonRow[]>((slugs) => repos.comparisons.forConcepts(slugs), options));
  const aspects = lazy(() => new DataLoader<string, AspectRow[]>((slugs) => repos.comparisons.aspectsOf(slugs), options));
  return {
    get concept() {
      return concept();
    },
    get comparison() {
      return comparison();
    },
    get comparisonsOfConcept() {
      return comparisonsOfConcept();
    },
    get aspects() {
      return aspects();
    },
    relations: perArguments<RelationListOptions, Page<RelationRow>>(
      (slugs, listOptions) => repos.relations.forConcepts(slugs, listOptions),
      (listOptions) => {
        const { concepts, provenance } = listOptions.projection ?? FULL_PROJECTION;
        return JSON.stringify([listOptions.direction, listOptions.types ?? null, listOptions.first, listOptions.afterKey ?? null, concepts, provenance]);
      },
    ),
    relationCounts: perArguments((slugs, types: readonly RelationType[] | null) => repos.relations.countsFor(slugs, types)),
    relatedOfConcept: perArguments<RelatedOptions, RelatedOfConcept>((slugs, { first, fields }) => repos.related.forConcepts(slugs, first, fields)),
    relatedOfComparison: perArguments((slugs, first: number) => repos.related.forComparisons(slugs, first)),
    hierarchy: perArguments((slugs, hierarchyOptions: HierarchyOptions) => repos.hierarchy.pagesOf(slugs, hierarchyOptions)),
    neighbors: perArguments((slugs, neighborOptions: NeighborOptions) => repos.neighborhoods.neighborsOf(slugs, neighborOptions)),
  };
}

export interface Context {
  repos: Repositories;
  loaders: ReturnType<typeof createLoaders>;
  /** Whether this request may run mutations, and if not, why. */
  writeAccess: WriteAccess;
}

export function createContext(repos: Repositories, writeAccess: WriteAccess): Context {
  return { repos, loaders: createLoaders(repos), writeAccess };
}
