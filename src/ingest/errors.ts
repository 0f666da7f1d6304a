import type { CliErrorCode } from '../errors.js';
/** One thing wrong with an input file, where it is. Line 0 means the file as a whole. */
export interface InputProblem {
  file: string;
  line: number;
  reason: string;
}

/** At most this many problems are listed; the rest are counted. */
export const MAX_LISTED_PROBLEMS = 200;

function describe(problem: InputProblem): string {
  return `${problem.file}:${problem.line}: ${problem.reason}`;
}

function toProblems(first: string | readonly InputProblem[], line: number, reason: string): readonly InputProblem[] {
  return typeof first === 'string' ? [{ file: first, line, reason }] : first;
}

function messageOf(problems: readonly InputProblem[]): string {
  if (problems.length === 1) return `${describe(problems[0]!)}; nothing was imported`;
  const listed = problems.slice(0, MAX_LISTED_PROBLEMS).map((problem) => `  ${describe(problem)}`);
  const more = problems.length > MAX_LISTED_PROBLEMS ? [`  … and ${problems.length - MAX_LISTED_PROBLEMS} more`] : [];
  return `${problems.length} problems in the input; nothing was imported:\n${[...listed, ...more].join('\n')}`;
}

/**
 * Input files that cannot be imported, with every problem found in them (each as
 * "file:line: reason"), all found before anything was written. Each format has its own code,
 * so callers can tell an article from an ontology problem.
 */
export class InputFileError extends Error {
  readonly code: Extract<CliErrorCode, 'ARTICLE_INVALID' | 'OBO_INVALID'>;
  readonly problems: readonly InputProblem[];

  constructor(code: 'ARTICLE_INVALID' | 'OBO_INVALID', problems: readonly InputProblem[]);
  constructor(code: 'ARTICLE_INVALID' | 'OBO_INVALID', file: string, line: number, reason: string);
  constructor(code: 'ARTICLE_INVALID' | 'OBO_INVALID', first: string | readonly InputProblem[], line = 0, reason = '') {
    // super() first: compiled class fields are set right after it, and nothing may touch
    // `this` before it (a statement ahead of it moved a field assignment in front, which threw).
    super(messageOf(toProblems(first, line, reason)));
    this.code = code;
    this.problems = toProblems(first, line, reason);
  }

  /** The first problem's file and line, for callers that show one. */
  get file(): string {
    return this.problems[0]!.file;
  }

  get line(): number {
    return this.problems[0]!.line;
  }
}

/**
 * Reads every file with `read`, going on past a file that cannot be imported, and returns
 * what was read with the problems of every file, so one report can list them all.
 */
export async function readEach<T>(files: readonly string[], read: (file: string) => Promise<T>): Promise<{ read: T[]; problems: InputProblem[] }> {
  const results: T[] = [];
  const problems: InputProblem[] = [];
  for (const file of files) {
    try {
      results.push(await read(file));
    } catch (error) {
      if (!(error instanceof InputFileError)) throw error;
      problems.push(...error.problems);
    }
  }
  return { read: results, problems };
}
