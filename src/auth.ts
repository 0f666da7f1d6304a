import { createHash, timingSafeEqual } from 'node:crypto';

export type WriteAccess =
  | { allowed: true }
  | { allowed: false; code: 'UNAUTHENTICATED' | 'FORBIDDEN'; message: string };

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();

/**
 * Who may write: a caller presenting `authorization: Bearer <key>` with one of the
 * configured keys. Keys are compared as SHA-256 digests with timingSafeEqual, and every key
 * is compared, so the time taken says nothing about how much of a key was right.
 */
export function writeAccess(authorization: string | null, keys: readonly string[]): WriteAccess {
  if (keys.length === 0) {
    return { allowed: false, code: 'FORBIDDEN', message: 'writes are disabled on this server (no OSSIGRAPH_WRITE_KEYS configured)' };
  }
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  if (!match) {
    return { allowed: false, code: 'UNAUTHENTICATED', message: 'writes need an API key: send the header "authorization: Bearer <key>"' };
  }
  const presented = digest(match[1]!);
  let found = false;
  for (const key of keys) found = timingSafeEqual(presented, digest(key)) || found;
  return found ? { allowed: true } : { allowed: false, code: 'UNAUTHENTICATED', message: 'the API key is not valid' };
}
