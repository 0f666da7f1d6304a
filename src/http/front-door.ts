import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { ERRORS, serviceHeaders } from '../errors.js';
import { needsAdmission, type Admission } from './admission.js';
import { ALIVE, type ProbeAnswer, type Readiness } from './readiness.js';

const OVERLOADED_BODY = JSON.stringify({ errors: [{ message: ERRORS.OVERLOADED.message, extensions: { code: 'OVERLOADED' } }] });

function send(response: ServerResponse, answer: ProbeAnswer): void {
  response.writeHead(answer.status, answer.headers).end(answer.body);
}

/**
 * The HTTP server's first look at a request, before yoga builds a Fetch Request for it:
 * `/health` and `/ready` are answered here, and a GraphQL request that admission control
 * would refuse anyway is refused here (OVERLOADED, 503, Retry-After) without reading its
 * body. Under a flood of clients that ignore Retry-After, refusals and probes then cost
 * microseconds each instead of a trip through yoga's pipeline, and probes stay prompt.
 */
export function frontDoor(next: RequestListener, probes: { readiness: Readiness; admission?: Admission }, graphqlPath = '/graphql'): RequestListener {
  return (request: IncomingMessage, response: ServerResponse) => {
    const path = request.url?.split('?', 1)[0];
    if (path === '/health' && (request.method === 'GET' || request.method === 'HEAD')) return send(response, ALIVE);
    if (path === '/ready' && (request.method === 'GET' || request.method === 'HEAD')) {
      void probes.readiness.answer().then((answer) => send(response, answer));
      return;
    }
    if (path === graphqlPath && probes.admission?.full() && needsAdmission(request.method, request.headers.accept)) {
      response
        .writeHead(ERRORS.OVERLOADED.status, { 'content-type': 'application/json; charset=utf-8', ...serviceHeaders('OVERLOADED') })
        .end(OVERLOADED_BODY);
      return;
    }
    return next(request, response);
  };
}
