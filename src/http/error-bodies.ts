import type { Plugin } from 'graphql-yoga';
import { errorResponse } from '../errors.js';

/**
 * Refusals with an empty body (an unknown path, a method or media type the endpoint does
 * not take) get a JSON body in the shape of every other error, saying what would work.
 */
export function useJsonErrorBodies(graphqlPath = '/graphql'): Plugin {
  return {
    async onResponse({ request, response, setResponse }) {
      if (response.status === 400 && response.headers.get('content-type')?.includes('json')) {
        const fixed = await withoutEcho(response);
        if (fixed) setResponse(fixed);
        return;
      }
      if (![404, 405, 415].includes(response.status) || response.headers.get('content-type')?.includes('json')) return;
      const { pathname } = new URL(request.url);
      const allow = response.headers.get('allow');
      const [code, message] =
        response.status === 404
          ? (['PATH_NOT_FOUND', `nothing at ${pathname}: the API is at ${graphqlPath}, the explorer at /explore, exports at /export`] as const)
          : response.status === 405
            ? (['METHOD_NOT_ALLOWED', `${pathname} does not answer ${request.method}${allow ? `; it answers ${allow}` : ''}`] as const)
            : (['UNSUPPORTED_MEDIA_TYPE', `${pathname} reads application/json (or application/graphql-response+json) request bodies, not ${request.headers.get('content-type') ?? 'an unnamed type'}`] as const);
      setResponse(errorResponse(code, message, undefined, headersWithout(response, 'content-type', 'content-length')));
    },
  };
}

/**
 * Yoga answers a malformed JSON body with the parser's error, which quotes the whole body
 * back: this keeps where it broke and drops the echo.
 */
async function withoutEcho(response: Response): Promise<Response | null> {
  const text = await response.clone().text();
  if (!text.includes('POST body sent invalid JSON')) return null;
  let parsed: { errors?: { extensions?: { originalError?: { message?: string } } }[] };
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  const reason = parsed.errors?.[0]?.extensions?.originalError?.message ?? '';
  const where = /^(.*?) in JSON (at position \d+(?: \(line \d+ column \d+\))?)/.exec(reason) ?? /^(Unexpected end of JSON input)/.exec(reason);
  const detail = where ? `${where[1]}${where[2] ? ` ${where[2]}` : ''}` : 'it could not be parsed';
  return errorResponse('BAD_REQUEST', `the request body is not valid JSON: ${detail}`, undefined, headersWithout(response, 'content-length'));
}

/** A response's headers but the named ones, to carry over onto the error that replaces it. */
function headersWithout(response: Response, ...names: string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, key) => {
    if (!names.includes(key)) headers[key] = value;
  });
  return headers;
}

/** 405 for a path that serves files or exports: GET and HEAD only. */
export function getOnly(pathname: string): Response {
  return errorResponse('METHOD_NOT_ALLOWED', `${pathname} answers GET only`, undefined, { allow: 'GET, HEAD' });
}
