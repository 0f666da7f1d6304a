import type { Plugin } from 'graphql-yoga';
import { errorResponse } from '../errors.js';

/**
 * Refusals with an empty body (an unknown path, a method or media type the endpoint does
 * not take) get a JSON body in the shape of every other error, saying what would work.
 */
export function useJsonErrorBodies(graphqlPath = '/graphql'): Plugin {
  return {
    onResponse({ request, response, setResponse }) {
      if (![404, 405, 415].includes(response.status) || response.headers.get('content-type')?.includes('json')) return;
      const { pathname } = new URL(request.url);
      const allow = response.headers.get('allow');
      const [code, message] =
        response.status === 404
          ? (['PATH_NOT_FOUND', `nothing at ${pathname}: the API is at ${graphqlPath}, the explorer at /explore, exports at /export`] as const)
          : response.status === 405
            ? (['METHOD_NOT_ALLOWED', `${pathname} does not answer ${request.method}${allow ? `; it answers ${allow}` : ''}`] as const)
            : (['UNSUPPORTED_MEDIA_TYPE', `${pathname} reads application/json (or application/graphql-response+json) request bodies, not ${request.headers.get('content-type') ?? 'an unnamed type'}`] as const);
      const headers: Record<string, string> = {};
      response.headers.forEach((value, key) => {
        if (key !== 'content-type' && key !== 'content-length') headers[key] = value;
      });
      setResponse(errorResponse(code, message, undefined, headers));
    },
  };
}
