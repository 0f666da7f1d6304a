import type { Plugin } from 'graphql-yoga';
import type { ExportReader } from '../graph/export.js';
import { DomainError } from '../graph/errors.js';
import { DatabaseUnavailableError } from '../db/supervisor.js';
import { errorResponse } from '../errors.js';
import { BIOLINK_MODEL_VERSION, JSONLD_CONTEXT } from '../export/biolink.js';
import { parseExportRequest } from '../export/request.js';
import { CONTENT_TYPES, fileName, writeExport } from '../export/writers.js';
import type { Admission } from './admission.js';
import { getOnly } from './error-bodies.js';
import { readAtMost } from './request-body.js';

/**
 * GET /export — the graph or a view of it as KGX, JSON-LD or CSV, streamed as it is read
 * (POST /export takes the same parameters as a form, for long lists of slugs);
 * GET /context.jsonld — the JSON-LD context the exports use. Parameters: export/request.ts.
 */

/** Text chunks gathered into buffers of about this size before they are sent. */
const CHUNK_BYTES = 64 * 1024;

/** A pull-driven byte stream of `chunks`: nothing is read ahead of what the client takes. */
function byteStream(chunks: AsyncGenerator<string>, onDone: () => void): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let done = false;
  const finish = () => {
    if (!done) {
      done = true;
      onDone();
    }
  };
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        let text = '';
        while (text.length < CHUNK_BYTES) {
          const next = await chunks.next();
          if (next.done) {
            if (text) controller.enqueue(encoder.encode(text));
            controller.close();
            finish();
            return;
          }
          text += next.value;
        }
        controller.enqueue(encoder.encode(text));
      } catch (error) {
        finish();
        controller.error(error);
      }
    },
    async cancel() {
      finish();
      await chunks.return(undefined);
    },
  });
}

/** The most a POSTed export form may weigh: a drawn view's slugs, with room to spare. */
const MAX_FORM_BYTES = 256 * 1024;

/**
 * The parameters of POST /export: the same as GET's, in an urlencoded form body, for views too
 * big for a URL (the explorer's "export what is drawn", up to 1,000 slugs).
 */
async function formParameters(request: Request): Promise<URLSearchParams | Response> {
  if (!(request.headers.get('content-type') ?? '').startsWith('application/x-www-form-urlencoded')) {
    return errorResponse('UNSUPPORTED_MEDIA_TYPE', 'POST /export reads an application/x-www-form-urlencoded body with the parameters GET takes');
  }
  if (Number(request.headers.get('content-length') ?? 0) > MAX_FORM_BYTES) return errorResponse('BAD_REQUEST', `the form is over ${MAX_FORM_BYTES / 1024} KiB`);
  // A chunked body declares no length: it is counted as it comes, and no more than the limit is read.
  const chunks = request.body ? await readAtMost(request, MAX_FORM_BYTES) : [];
  if (!chunks) return errorResponse('BAD_REQUEST', `the form is over ${MAX_FORM_BYTES / 1024} KiB`);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

export function useExport(reader: ExportReader, admission?: Admission): Plugin {
  return {
    async onRequest({ url, request, endResponse }) {
      if (url.pathname !== '/export' && url.pathname !== '/context.jsonld') return;
      const post = url.pathname === '/export' && request.method === 'POST';
      if (request.method !== 'GET' && request.method !== 'HEAD' && !post) {
        endResponse(url.pathname === '/export' ? errorResponse('METHOD_NOT_ALLOWED', '/export answers GET, or POST with a form body', undefined, { allow: 'GET, HEAD, POST' }) : getOnly(url.pathname));
        return;
      }
      if (url.pathname === '/context.jsonld') {
        endResponse(new Response(JSON.stringify({ '@context': JSONLD_CONTEXT }, null, 2), { headers: { 'content-type': 'application/ld+json; charset=utf-8', 'cache-control': 'public, max-age=3600' } }));
        return;
      }
      const params = post ? await formParameters(request) : url.searchParams;
      if (params instanceof Response) {
        endResponse(params);
        return;
      }
      const parsed = parseExportRequest(params);
      if (typeof parsed === 'string') {
        endResponse(errorResponse('BAD_REQUEST', parsed));
        return;
      }
      if (admission && !(await admission.enter())) {
        endResponse(errorResponse('OVERLOADED'));
        return;
      }
      const release = () => admission?.release();
      try {
        const slugs = await reader.resolve(parsed.view);
        const chunks = writeExport(parsed.format, parsed.part, { nodes: () => reader.nodes(slugs), edges: () => reader.edges(slugs) });
        endResponse(
          new Response(request.method === 'HEAD' ? null : byteStream(chunks, release), {
            headers: {
              'content-type': CONTENT_TYPES[parsed.format],
              'content-disposition': `attachment; filename="${fileName(parsed.format, parsed.part)}"`,
              'x-biolink-model': BIOLINK_MODEL_VERSION,
            },
          }),
        );
        if (request.method === 'HEAD') release();
      } catch (error) {
        release();
        if (error instanceof DomainError) endResponse(errorResponse('BAD_REQUEST', error.message));
        else if (error instanceof DatabaseUnavailableError) endResponse(errorResponse('DATABASE_UNAVAILABLE'));
        else throw error;
      }
    },
  };
}
