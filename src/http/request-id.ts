import { randomUUID } from 'node:crypto';
import type { Plugin } from 'graphql-yoga';

const ids = new WeakMap<Request, string>();
/** A caller's own id is kept when it is short and plain; anything else is replaced. */
const ACCEPTED = /^[A-Za-z0-9._-]{1,64}$/;

/** The id of a request, as logged and as sent back in `x-request-id`. */
export function requestIdOf(request: Request): string {
  let id = ids.get(request);
  if (!id) {
    const given = request.headers.get('x-request-id');
    id = given && ACCEPTED.test(given) ? given : randomUUID();
    ids.set(request, id);
  }
  return id;
}

/** Every response carries `x-request-id`, so a client's report can be found in the log. */
export function useRequestId(): Plugin {
  return {
    onResponse({ request, response }) {
      response.headers.set('x-request-id', requestIdOf(request));
    },
  };
}
