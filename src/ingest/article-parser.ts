import path from 'node:path';
import type { ConceptKind } from '../graph/vocabulary.js';
import { InputFileError, type InputProblem } from './errors.js';

/** An article that does not follow the "X vs Y" format; names the file and the line. */
/** Articles that cannot be imported; every problem with file and line. */
export class ArticleFormatError extends InputFileError {
  constructor(problems: readonly InputProblem[]);
  constructor(file: string, line: number, reason: string);
  constructor(first: string | readonly InputProblem[], line = 0, reason = '') {
    super('ARTICLE_INVALID', typeof first === 'string' ? [{ file: first, line, reason }] : first);
  }
}

export interface ParsedArticle {
  file: string;
  /** "Calcification vs Ossification". */
  title: string;
  /** The two compared concepts, as the table header names them. */
  sides: [string, string];
  /** The bullet points under each side's heading, by side index. */
  bullets: [string[], string[]];
  aspects: { name: string; values: [string, string] }[];
  summary: string | null;
  /** The closing list of related comparisons, with elided words restored. */
  related: [string, string][];
}

const SEPARATOR = /^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$/;
const VS = /\s+vs\.?\s+/i;

function cells(line: string): string[] {
  const parts = line.split('|').map((cell) => cell.trim());
  if (parts[0] === '') parts.shift();
  if (parts.at(-1) === '') parts.pop();
  return parts;
}

/** Decodes bytes as UTF-8 text, refusing binary content. */
export function decodeText(file: string, bytes: Uint8Array): string {
  if (bytes.includes(0)) throw new ArticleFormatError(file, 1, 'not a text file (it contains NUL bytes)');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ArticleFormatError(file, 1, 'not a text file (it is not valid UTF-8)');
  }
}

/**
 * Restores a word a title leaves out on one side: "Calcified vs Noncalcified Plaque" compares
 * calcified plaque, "Bone Deposition vs Resorption" bone resorption. Returns the candidates,
 * most likely first; the importer keeps the first that names a known concept.
 */
export function expandPair(left: string, right: string): [string[], string[]] {
  const leftWords = left.split(/\s+/);
  const rightWords = right.split(/\s+/);
  const lefts = [left];
  const rights = [right];
  if (leftWords.length === 1 && rightWords.length > 1 && leftWords[0]!.toLowerCase() !== rightWords[0]!.toLowerCase()) {
    const expanded = `${left} ${rightWords.slice(1).join(' ')}`;
    // An adjective ("Calcified", "Dermal") needs its noun; a noun ("Calcium") stands alone.
    if (/(ed|al|ic|ous|ar|ary|ive|ile)$/i.test(left)) lefts.unshift(expanded);
    else lefts.push(expanded);
  }
  if (rightWords.length === 1 && leftWords.length > 1) {
    const expanded = `${leftWords.slice(0, -1).join(' ')} ${right}`;
    // "Deposition vs Resorption": two nouns of one kind share the modifier before them.
    const sameKind = leftWords.at(-1)!.slice(-3).toLowerCase() === right.slice(-3).toLowerCase();
    if (sameKind) rights.unshift(expanded);
    else rights.push(expanded);
  }
  return [lefts, rights];
}

const UNCOUNTABLE = new Set(['rickets', 'ossificans', 'imperfecta', 'diabetes', 'series', 'species', 'news', 'mumps', 'measles']);

/** The singular of a name's last word: osteoblasts → osteoblast, lacunae → lacuna. */
export function singular(name: string): string {
  const words = name.trim().split(/\s+/);
  const last = words.at(-1)!;
  const lower = last.toLowerCase();
  let result = last;
  if (UNCOUNTABLE.has(lower) || /(ss|is|us|os)$/.test(lower)) result = last;
  else if (/ae$/.test(lower)) result = last.slice(0, -1);
  else if (/ies$/.test(lower)) result = `${last.slice(0, -3)}y`;
  else if (/(ches|shes|xes|sses)$/.test(lower)) result = last.slice(0, -2);
  else if (/s$/.test(lower)) result = last.slice(0, -1);
  return [...words.slice(0, -1), result].join(' ');
}

/** A best guess at the kind of a concept known only by its name, for stub concepts. */
export function guessKind(name: string): ConceptKind {
  const lower = singular(name).toLowerCase();
  if (/(cyte|blast|clast)$/.test(lower) || /\bcell$/.test(lower)) return 'CELL';
  if (/(osis|itis|malacia|penia|rickets|imperfecta|ossificans|plasia|emia|pathy)$/.test(lower)) return 'PATHOLOGY';
  if (/(tion|sis|genesis|ing)$/.test(lower)) return 'PROCESS';
  if (/(tissue|bone|cartilage|muscle|cementum|dentin|enamel)$/.test(lower)) return 'TISSUE';
  if (/(ate|ide|ium|salt|ion|ine|acid|vitamin [a-z0-9]+)$/.test(lower)) return 'SUBSTANCE';
  return 'STRUCTURE';
}

/**
 * Reads the "X vs Y" article format: a title line, bullet lists under each concept, a
 * comparative table (`Feature | A | B |` then a `---|` line, then rows), an "In summary"
 * paragraph and a closing list of related comparisons (`- A vs B`).
 */
export function parseArticle(filePath: string, text: string): ParsedArticle {
  const file = path.basename(filePath);
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (lines.every((line) => line.trim() === '')) throw new ArticleFormatError(file, 1, 'the file is empty');

  const separatorIndex = lines.findIndex((line) => SEPARATOR.test(line) && line.includes('|'));
  if (separatorIndex <= 0) {
    const heading = lines.findIndex((line) => /comparative table/i.test(line) && line.includes(':'));
    throw new ArticleFormatError(
      file,
      heading >= 0 ? heading + 1 : 1,
      'no comparative table: expected a "Feature | A | B |" header followed by a "---|---|---|" line',
    );
  }
  const headerLine = separatorIndex; // 1-based number of the line before the separator
  const header = cells(lines[separatorIndex - 1]!);
  if (header.length < 2 || header.some((cell) => cell === '')) {
    throw new ArticleFormatError(file, headerLine, 'the table header must be "Feature | A | B |" with no empty cell');
  }
  const concepts = header.slice(1);
  if (concepts.length !== 2) {
    throw new ArticleFormatError(
      file,
      headerLine,
      `the table compares ${concepts.length} concept${concepts.length === 1 ? '' : 's'} (${concepts.join(', ')}); a comparison has exactly two`,
    );
  }
  const separatorCells = cells(lines[separatorIndex]!);
  if (separatorCells.length !== header.length) {
    throw new ArticleFormatError(file, separatorIndex + 1, `the separator has ${separatorCells.length} cells, the header has ${header.length}`);
  }

  // Past the table's frame, problems of rows and related lines are gathered, not thrown one by one.
  const problems: InputProblem[] = [];
  const aspects: ParsedArticle['aspects'] = [];
  let index = separatorIndex + 1;
  for (; index < lines.length && lines[index]!.includes('|'); index += 1) {
    const row = cells(lines[index]!);
    if (row.length !== header.length) {
      problems.push({ file, line: index + 1, reason: `the row has ${row.length} cells, the header has ${header.length}` });
    } else if (row.some((cell) => cell === '')) {
      problems.push({ file, line: index + 1, reason: 'the row has an empty cell' });
    } else {
      aspects.push({ name: row[0]!, values: [row[1]!, row[2]!] });
    }
  }
  if (aspects.length === 0 && problems.length === 0) problems.push({ file, line: separatorIndex + 2, reason: 'the comparative table has no rows' });

  const sides: [string, string] = [concepts[0]!, concepts[1]!];
  const bullets: [string[], string[]] = [[], []];
  let current = -1;
  for (const line of lines.slice(0, separatorIndex - 1)) {
    const bullet = /^\s*[-*•]\s*(.+?)\s*$/.exec(line)?.[1];
    if (!bullet) {
      current = -1;
      continue;
    }
    const heading = sides.findIndex((side) => bullet.toLowerCase() === `${side.toLowerCase()}:`);
    if (heading >= 0) current = heading;
    else if (current >= 0) bullets[current as 0 | 1].push(bullet);
  }

  const summaryLine = lines.slice(index).find((line) => /^\s*in summary\b/i.test(line));
  const summary = summaryLine?.trim() ?? null;

  const related: [string, string][] = [];
  for (let at = index; at < lines.length; at += 1) {
    const bullet = /^\s*[-*•]\s*(.+?)\s*$/.exec(lines[at]!)?.[1];
    if (!bullet) continue;
    const parts = bullet.split(VS);
    if (parts.length !== 2 || !parts[0] || !parts[1]) {
      problems.push({ file, line: at + 1, reason: `a related comparison must read "A vs B", found "${bullet.slice(0, 60)}"` });
      continue;
    }
    related.push([parts[0].trim(), parts[1].trim()]);
  }
  if (problems.length) throw new ArticleFormatError(problems);

  const tableTitle = lines.map((line) => /comparative table:\s*(.+\S)\s*$/i.exec(line)?.[1]).find(Boolean);
  const title = tableTitle && VS.test(tableTitle) ? tableTitle : `${sides[0]} vs ${sides[1]}`;
  return { file, title, sides, bullets, aspects, summary, related };
}
