import type { Database } from '../db/database.js';
import { ComparisonRepository } from './comparisons.js';
import { ConceptComparisonRepository } from './concept-comparison.js';
import { ChangeFeed, ChangeLog } from './changes.js';
import { ConceptRepository } from './concepts.js';
import { ConnectionRepository } from './connections.js';
import { ExportReader } from './export.js';
import { GraphMutations } from './mutations.js';
import { HierarchyRepository } from './hierarchy.js';
import { ImportProgressLog } from './imports.js';
import { NeighborhoodRepository } from './neighborhood.js';
import { PathRepository } from './paths.js';
import { RANKING_BOUNDS, RANKING_WEIGHTS, RelatedRanking } from './related-ranking.js';
import { RelationRepository } from './relations.js';
import { ResolveRepository } from './resolve.js';
import { SearchRepository } from './search.js';
import { SearchIndex } from './search-index.js';
import { TraversalRepository } from './traversal.js';

/** Every repository over one database; built once per process. */
export interface Repositories {
  concepts: ConceptRepository;
  relations: RelationRepository;
  paths: PathRepository;
  connections: ConnectionRepository;
  comparisons: ComparisonRepository;
  conceptComparisons: ConceptComparisonRepository;
  neighborhoods: NeighborhoodRepository;
  hierarchy: HierarchyRepository;
  search: SearchRepository;
  /** Search's keys in memory; idle until started (a server starts it, see search-index.ts). */
  searchIndex: SearchIndex;
  resolve: ResolveRepository;
  mutations: GraphMutations;
  related: RelatedRanking;
  traversals: TraversalRepository;
  exports: ExportReader;
  /** One follower of the change log per process, for subscriptions. */
  changes: ChangeFeed;
  /** Progress of imports, written by importers and read by subscriptions. */
  imports: ImportProgressLog;
}

export function createRepositories(db: Database): Repositories {
  const searchIndex = new SearchIndex(db, { linksUpTo: RANKING_BOUNDS.firstHop });
  const search = new SearchRepository(db, searchIndex);
  return {
    concepts: new ConceptRepository(db),
    relations: new RelationRepository(db),
    paths: new PathRepository(db),
    connections: new ConnectionRepository(db),
    comparisons: new ComparisonRepository(db),
    conceptComparisons: new ConceptComparisonRepository(db),
    neighborhoods: new NeighborhoodRepository(db),
    hierarchy: new HierarchyRepository(db),
    search,
    searchIndex,
    resolve: new ResolveRepository(db),
    mutations: new GraphMutations(db),
    related: new RelatedRanking(db, RANKING_WEIGHTS, searchIndex),
    traversals: new TraversalRepository(db),
    exports: new ExportReader(db, search),
    changes: new ChangeFeed(new ChangeLog(db)),
    imports: new ImportProgressLog(db),
  };
}
