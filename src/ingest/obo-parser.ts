import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import readline from 'node:readline';
import { InputFileError, type InputProblem } from './errors.js';

/** OBO files that are not well-formed OBO 1.2 or cannot be imported; every problem with file and line. */
export class OboSyntaxError extends InputFileError {
  constructor(problems: readonly InputProblem[]);
  constructor(file: string, line: number, reason: string);
  constructor(first: string | readonly InputProblem[], line = 0, reason = '') {
    super('OBO_INVALID', typeof first === 'string' ? [{ file: first, line, reason }] : first);
  }
}

/** A file stops being read after this many problems: past that it is likely not OBO at all. */
const MAX_PROBLEMS_PER_FILE = 100;

export interface OboRelationship {
  /** The predicate as written: a CURIE (BFO:0000050) or a name (part_of). */
  predicate: string;
  target: string;
}

export interface OboTerm {
  id: string;
  name: string;
  definition: string | null;
  synonyms: string[];
  altIds: string[];
  isA: string[];
  relationships: OboRelationship[];
  obsolete: boolean;
  /** GO's namespace (biological_process, cellular_component, ...) where given. */
  namespace: string | null;
  /** Where the stanza starts, for messages. */
  line: number;
}

export interface OboTypedef {
  id: string;
  name: string | null;
  xrefs: string[];
}

export interface OboDocument {
  file: string;
  terms: OboTerm[];
  typedefs: OboTypedef[];
}

/**
 * Reads a quoted OBO string starting at `text[0] === '"'`, honouring backslash escapes.
 * Returns the unquoted value and the rest after the closing quote, or null if it never closes.
 */
export function readQuoted(text: string): { value: string; rest: string } | null {
  let value = '';
  for (let i = 1; i < text.length; i += 1) {
    const char = text[i]!;
    if (char === '\\' && i + 1 < text.length) {
      const next = text[i + 1]!;
      value += next === 'n' ? '\n' : next === 't' ? '\t' : next;
      i += 1;
    } else if (char === '"') {
      return { value, rest: text.slice(i + 1) };
    } else {
      value += char;
    }
  }
  return null;
}

/** Drops a trailing `! comment` and `{qualifier="..."}` block from a tag value. */
export function stripTrailers(value: string): string {
  let text = value;
  const bang = findUnquoted(text, '!');
  if (bang >= 0) text = text.slice(0, bang);
  const brace = findUnquoted(text, '{');
  if (brace >= 0) text = text.slice(0, brace);
  return text.trim();
}

function findUnquoted(text: string, wanted: string): number {
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i];
    if (char === '\\') i += 1;
    else if (char === '"') quoted = !quoted;
    else if (char === wanted && !quoted) return i;
  }
  return -1;
}

type Stanza = { kind: 'Term' | 'Typedef' | 'Other'; line: number; tags: [string, string, number][] };

/**
 * Streams an OBO 1.2 file line by line (the real files are megabytes; one header line can be
 * very long) and returns its terms and typedefs. Throws {@link OboSyntaxError} listing every
 * problem with its line: lines that are not `tag: value`, unterminated quotes, terms without
 * id or name, malformed relationships; or, for the whole file, one that is missing, empty,
 * binary, or ends in the middle of a line.
 */
export async function parseOboFile(filePath: string): Promise<OboDocument> {
  const file = path.basename(filePath);
  const info = await stat(filePath).catch(() => null);
  if (!info?.isFile()) throw new OboSyntaxError(file, 0, 'no such file');
  if (info.size === 0) throw new OboSyntaxError(file, 0, 'the file is empty');

  const problems: InputProblem[] = [];
  const problem = (line: number, reason: string) => {
    problems.push({ file, line, reason });
  };
  const terms: OboTerm[] = [];
  const typedefs: OboTypedef[] = [];
  let stanza: Stanza | null = null;
  let lineNumber = 0;
  let sawHeaderFormat = false;
  let endsWithNewline = true;

  const finish = () => {
    if (!stanza) return;
    if (stanza.kind === 'Term') {
      const term = toTerm(stanza, problem);
      if (term) terms.push(term);
    } else if (stanza.kind === 'Typedef') {
      const typedef = toTypedef(stanza, problem);
      if (typedef) typedefs.push(typedef);
    }
  };

  const stream = createReadStream(filePath, { encoding: 'utf8' });
  stream.on('data', (chunk) => {
    endsWithNewline = (chunk as string).endsWith('\n');
  });
  const lines = readline.createInterface({ input: stream, crlfDelay: Infinity });
  for await (const raw of lines) {
    lineNumber += 1;
    if (raw.includes('\u0000') || raw.includes('\uFFFD')) {
      problem(lineNumber, 'not a text file (binary or invalid UTF-8 bytes)');
      break;
    }
    if (problems.length >= MAX_PROBLEMS_PER_FILE) {
      problem(lineNumber, `stopped reading after ${MAX_PROBLEMS_PER_FILE} problems`);
      break;
    }
    const line = raw.trim();
    if (line === '' || line.startsWith('!')) continue;
    const header = /^\[(\w+)\]$/.exec(line);
    if (header) {
      finish();
      const kind = header[1] === 'Term' ? 'Term' : header[1] === 'Typedef' ? 'Typedef' : 'Other';
      stanza = { kind, line: lineNumber, tags: [] };
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0 || !/^[A-Za-z][\w-]*$/.test(line.slice(0, colon))) {
      problem(lineNumber, `expected "tag: value", found "${line.slice(0, 60)}"`);
      continue;
    }
    const tag = line.slice(0, colon);
    const value = line.slice(colon + 1).trim();
    if (!stanza) {
      if (tag === 'format-version') sawHeaderFormat = true;
      continue;
    }
    stanza.tags.push([tag, value, lineNumber]);
  }
  lines.close();
  stream.destroy();
  if (lineNumber === 0) throw new OboSyntaxError(file, 0, 'the file is empty');
  if (problems.length === 0 && !sawHeaderFormat && terms.length === 0 && !stanza) {
    problem(1, 'no OBO header (format-version) and no [Term] stanza: not an OBO file');
  }
  finish();
  if (!endsWithNewline) {
    // A cut-off last line explains whatever else is wrong with it (an open quote, say).
    const elsewhere = problems.filter((found) => found.line !== lineNumber);
    problems.splice(0, problems.length, ...elsewhere);
    problem(lineNumber, 'the file ends in the middle of a line (truncated?)');
  }
  if (problems.length) throw new OboSyntaxError(problems.sort((a, b) => a.line - b.line));
  return { file, terms, typedefs };
}

type Report = (line: number, reason: string) => void;

function quoted(value: string, line: number, tag: string, report: Report): string | null {
  if (!value.startsWith('"')) {
    report(line, `${tag} must start with a quoted string`);
    return null;
  }
  const result = readQuoted(value);
  if (!result) report(line, `unterminated quoted string in ${tag}`);
  return result?.value ?? null;
}

function toTerm(stanza: Stanza, report: Report): OboTerm | null {
  const term: OboTerm = {
    id: '',
    name: '',
    definition: null,
    synonyms: [],
    altIds: [],
    isA: [],
    relationships: [],
    obsolete: false,
    namespace: null,
    line: stanza.line,
  };
  let valid = true;
  for (const [tag, value, line] of stanza.tags) {
    switch (tag) {
      case 'id':
        term.id = stripTrailers(value);
        break;
      case 'name':
        term.name = value;
        break;
      case 'def':
        term.definition = quoted(value, line, 'def', report);
        if (term.definition === null) valid = false;
        break;
      case 'synonym': {
        const synonym = quoted(value, line, 'synonym', report);
        if (synonym === null) valid = false;
        else term.synonyms.push(synonym);
        break;
      }
      case 'alt_id':
        term.altIds.push(stripTrailers(value));
        break;
      case 'is_a':
        term.isA.push(stripTrailers(value));
        break;
      case 'relationship': {
        const [predicate, target, ...extra] = stripTrailers(value).split(/\s+/);
        if (!predicate || !target || extra.length > 0) {
          report(line, 'relationship needs "<relation> <target>"');
          valid = false;
        } else {
          term.relationships.push({ predicate, target });
        }
        break;
      }
      case 'namespace':
        term.namespace = value;
        break;
      case 'is_obsolete':
        term.obsolete = value === 'true';
        break;
      default:
        break; // intersection_of, disjoint_from, xref, subset, comment, ...: not used here
    }
  }
  if (!term.id) {
    report(stanza.line, '[Term] without an id');
    return null;
  }
  // Obsolete stubs often carry only an id and replaced_by; they are skipped later anyway.
  if (!term.name && !term.obsolete) {
    report(stanza.line, `[Term] ${term.id} has no name`);
    return null;
  }
  return valid ? term : null;
}

function toTypedef(stanza: Stanza, report: Report): OboTypedef | null {
  const typedef: OboTypedef = { id: '', name: null, xrefs: [] };
  for (const [tag, value] of stanza.tags) {
    if (tag === 'id') typedef.id = stripTrailers(value);
    else if (tag === 'name') typedef.name = value;
    else if (tag === 'xref') typedef.xrefs.push(stripTrailers(value));
  }
  if (!typedef.id) {
    report(stanza.line, '[Typedef] without an id');
    return null;
  }
  return typedef;
}
