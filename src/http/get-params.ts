import type { Plugin } from 'graphql-yoga';
import { errorResponse } from '../errors.js';

/**
 * GraphQL over GET carries `variables` and `extensions` as JSON in the query string. Text that
 * is not JSON is the client's mistake: 400 with where the JSON broke, not a 500 with a stack
 * in the log (graphql-yoga passes the parser's exception on as an unexpected error).
 */
export function useGetParameterCheck(graphqlPath = '/graphql'): Plugin {
  return {
    onRequest({ request, url, endResponse }) {
      if (request.method !== 'GET' || url.pathname !== graphqlPath) return;
      for (const name of ['variables', 'extensions']) {
        const text = url.searchParams.get(name);
        if (text === null || text === '') continue;
        try {
          JSON.parse(text);
        } catch (error) {
          endResponse(errorResponse('BAD_REQUEST', `"${name}" is not valid JSON: ${jsonProblem((error as Error).message)}`));
          return;
        }
      }
    },
  };
}

/** What the parser found wrong, without echoing the client's text back. */
function jsonProblem(message: string): string {
  const token = /^Unexpected token '(.+?)'/.exec(message);
  if (token) return `unexpected '${token[1]}'`;
  if (/end of JSON input/.test(message)) return 'it ends too early';
  const position = /position (\d+)/.exec(message);
  return position ? `a syntax error at position ${position[1]}` : 'a syntax error';
}
