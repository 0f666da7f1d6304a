import { FIRST_READ, type LoadedRelation, type Need, type Neighbourhood, type Store } from './drawing.js';

/**
 * The explorer's one way to the server: POST /graphql, with every request counted so the page
 * can show that something is running, and every failure turned into a sentence a user can
 * act on. Requests that a newer one makes pointless are aborted (AbortSignal).
 */

export class RequestError extends Error {
  override name = 'RequestError';
}

type Activity = (running: number) => void;
const watchers: Activity[] = [];
let running = 0;

/** Calls `watcher` with the number of requests in flight whenever it changes. */
export function onActivity(watcher: Activity): void {
  watchers.push(watcher);
}

function changed(by: number): void {
  running += by;
  for (const watcher of watchers) watcher(running);
}

export async function gql<T>(query: string, variables: Record<string, unknown> = {}, signal?: AbortSignal): Promise<T> {
  changed(+1);
  try {
    let response: Response;
    try {
      response = await fetch('/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' },
        body: JSON.stringify({ query, variables }),
        signal: signal ?? null,
      });
    } catch (error) {
      if (signal?.aborted) throw error;
      throw new RequestError('The server could not be reached. Check the connection and retry.');
    }
    let body: { data?: T; errors?: { message: string }[] };
    try {
      body = (await response.json()) as typeof body;
    } catch (error) {
      if (signal?.aborted) throw error;
      throw new RequestError(`The server answered ${response.status} without a readable body. Retry in a moment.`);
    }
    if (body.errors?.length) throw new RequestError(body.errors.map((error) => error.message).join('; '));
    if (!response.ok || body.data === undefined) throw new RequestError(`The server answered ${response.status}. Retry in a moment.`);
    return body.data;
  } finally {
    changed(-1);
  }
}

export const isAbort = (error: unknown) => error instanceof DOMException && error.name === 'AbortError';

export const CONCEPT = 'slug name kind';
const RELATION = `type from { ${CONCEPT} } to { ${CONCEPT} }`;
/** Aliases per request: the server allows 20. */
const BATCH = 19;

const chunks = <T>(items: T[]) => Array.from({ length: Math.ceil(items.length / BATCH) }, (_, index) => items.slice(index * BATCH, (index + 1) * BATCH));

interface RawEdges {
  edges: { cursor: string; node: Omit<LoadedRelation, 'cursor'> }[];
}
const relationsOf = (raw: RawEdges): LoadedRelation[] => raw.edges.map((edge) => ({ ...edge.node, cursor: edge.cursor }));

/** Reads what a drawing needs into the store: neighbourhoods and pages of groups, batched. */
export async function readNeeds(needs: Need[], store: Store, types: string[] | null, signal: AbortSignal): Promise<void> {
  const slugs = [...new Set(needs.filter((need) => need.kind === 'neighbourhood').map((need) => need.slug))];
  const pages = needs.filter((need): need is Extract<Need, { kind: 'page' }> => need.kind === 'page');
  const requests: Promise<void>[] = [];
  for (const chunk of chunks(slugs)) {
    const variables: Record<string, unknown> = { types };
    chunk.forEach((slug, index) => (variables[`s${index}`] = slug));
    const query = `query Neighbourhoods(${chunk.map((_, index) => `$s${index}: String!`).join(', ')}, $types: [RelationType!]) {
      ${chunk.map((_, index) => `n${index}: concept(slug: $s${index}) { ...N }`).join('\n')}
    }
    fragment N on Concept { ${CONCEPT} relationCounts(types: $types) { type direction count }
      relations(types: $types, first: ${FIRST_READ}) { edges { cursor node { ${RELATION} } } } }`;
    requests.push(
      gql<Record<string, (Neighbourhood['concept'] & { relationCounts: Neighbourhood['counts']; relations: RawEdges }) | null>>(query, variables, signal).then((data) => {
        chunk.forEach((slug, index) => {
          const raw = data[`n${index}`];
          if (!raw) throw new RequestError(`No concept "${slug}": it may have been deleted.`);
          store.neighbourhoods.set(slug, { concept: { slug: raw.slug, name: raw.name, kind: raw.kind }, counts: raw.relationCounts, relations: relationsOf(raw.relations) });
        });
      }),
    );
  }
  for (const chunk of chunks(pages)) {
    const variables: Record<string, unknown> = {};
    chunk.forEach((page, index) => Object.assign(variables, { [`s${index}`]: page.slug, [`t${index}`]: [page.type], [`d${index}`]: page.direction, [`f${index}`]: page.first, [`a${index}`]: page.after }));
    const query = `query Pages(${chunk.map((_, i) => `$s${i}: String!, $t${i}: [RelationType!], $d${i}: Direction, $f${i}: Int, $a${i}: String`).join(', ')}) {
      ${chunk.map((_, i) => `p${i}: concept(slug: $s${i}) { relations(types: $t${i}, direction: $d${i}, first: $f${i}, after: $a${i}) { edges { cursor node { ${RELATION} } } } }`).join('\n')}
    }`;
    requests.push(
      gql<Record<string, { relations: RawEdges } | null>>(query, variables, signal).then((data) => {
        chunk.forEach((page, index) => store.addPage(page.key, relationsOf(data[`p${index}`]?.relations ?? { edges: [] })));
      }),
    );
  }
  await Promise.all(requests);
}
