import neo4j from 'neo4j-driver';

/** A Cypher statement as ossigraph sent it, with its parameters in JSON (Integers marked). */
export interface RecordedStatement {
  cypher: string;
  params: unknown;
}

/** JSON for parameters: neo4j Integers (LIMIT and friends) become {"$int": "…"}. */
export function recordParams(value: unknown): unknown {
  if (neo4j.isInt(value)) return { $int: value.toString() };
  if (Array.isArray(value)) return value.map(recordParams);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, recordParams(entry)]));
  return value;
}

export function reviveParams(value: unknown): Record<string, unknown> {
  const revive = (entry: unknown): unknown => {
    if (Array.isArray(entry)) return entry.map(revive);
    if (entry && typeof entry === 'object') {
      if ('$int' in entry) return neo4j.int((entry as { $int: string }).$int);
      return Object.fromEntries(Object.entries(entry).map(([key, inner]) => [key, revive(inner)]));
    }
    return entry;
  };
  return revive(value) as Record<string, unknown>;
}
