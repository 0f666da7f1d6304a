import type { ExportView } from '../graph/export.js';
import { NEIGHBORHOOD_LIMITS } from '../graph/neighborhood.js';
import { MAX_SEARCH_LENGTH, MAX_SEARCH_RESULTS } from '../graph/search.js';
import { EXPORT_FORMATS, EXPORT_PARTS, isExportFormat, isExportPart, needsPart, type ExportFormat, type ExportPart } from './writers.js';

/**
 * What to export, the same for GET /export and `ossigraph export`:
 *
 *   format   kgx-tsv | kgx-jsonl | jsonld | csv (required)
 *   part     nodes | edges (KGX and CSV are two files; JSON-LD is one document)
 *   concept  a slug: its neighbourhood, `depth` relations deep (0-3, default 1)
 *   slugs    comma-separated slugs: the subgraph around them, `depth` deep (up to 20 slugs;
 *            with depth=0, exactly those concepts and the relations among them: up to 1,000)
 *   q        a search: its hits (`first`, 1-50, default 50)
 *   none of these: the whole graph
 */
/** The most slugs a depth-0 view lists: a drawing the explorer exports as it is. */
export const MAX_LISTED_SLUGS = 1000;

export interface ExportRequest {
  format: ExportFormat;
  part: ExportPart | null;
  view: ExportView;
}

/** The request's query parameters, checked: a request or the message of what is wrong with it. */
export function parseExportRequest(params: URLSearchParams, options: { allParts?: boolean } = {}): ExportRequest | string {
  const known = new Set(['format', 'part', 'concept', 'slugs', 'depth', 'q', 'first']);
  const unknown = [...params.keys()].filter((key) => !known.has(key));
  if (unknown.length) return `unknown parameter ${unknown.map((key) => `"${key}"`).join(', ')}; allowed: ${[...known].join(', ')}`;
  const format = params.get('format');
  if (!format || !isExportFormat(format)) return `format must be one of ${EXPORT_FORMATS.join(', ')}${format ? `, got "${format}"` : ''}`;
  const part = params.get('part');
  if (part !== null && !isExportPart(part)) return `part must be ${EXPORT_PARTS.join(' or ')}, got "${part}"`;
  if (needsPart(format) && !part && !options.allParts) return `${format} is written as two files, nodes and edges: add part=nodes or part=edges`;
  if (!needsPart(format) && part) return `${format} is one document with nodes and edges; leave out part`;
  const chosen = ['concept', 'slugs', 'q'].filter((key) => params.has(key));
  if (chosen.length > 1) return `choose one view: ${chosen.join(' or ')}`;
  const integer = (name: string, fallback: number, min: number, max: number): number | string => {
    const raw = params.get(name);
    if (raw === null) return fallback;
    const value = Number(raw);
    return /^\d+$/.test(raw) && value >= min && value <= max ? value : `${name} must be a whole number from ${min} to ${max}, got "${raw}"`;
  };
  let view: ExportView = { kind: 'all' };
  if (params.has('concept') || params.has('slugs')) {
    const depth = integer('depth', 1, 0, NEIGHBORHOOD_LIMITS.maxDepth);
    if (typeof depth === 'string') return depth;
    const slugs = (params.get('concept') ?? params.get('slugs') ?? '').split(',').map((slug) => slug.trim()).filter(Boolean);
    const most = depth === 0 ? MAX_LISTED_SLUGS : NEIGHBORHOOD_LIMITS.maxSeeds;
    if (slugs.length === 0 || slugs.length > most) return `give 1 to ${most} concept slugs${depth === 0 ? '' : ` (up to ${MAX_LISTED_SLUGS} with depth=0)`}`;
    if (params.has('concept') && slugs.length > 1) return 'concept takes one slug; use slugs for several';
    view = { kind: 'subgraph', slugs, depth };
  } else if (params.has('q')) {
    const query = params.get('q')!.trim();
    if (!query || query.length > MAX_SEARCH_LENGTH) return `q must be 1 to ${MAX_SEARCH_LENGTH} characters`;
    const first = integer('first', MAX_SEARCH_RESULTS, 1, MAX_SEARCH_RESULTS);
    if (typeof first === 'string') return first;
    view = { kind: 'search', query, first };
  } else if (params.has('depth') || params.has('first')) {
    return 'depth goes with concept or slugs, first with q';
  }
  return { format, part: part as ExportPart | null, view };
}

