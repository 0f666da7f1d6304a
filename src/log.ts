/**
 * The server's log: one line per event, as JSON (for log collectors; the default in
 * production) or as text (for a terminal), filtered by level. Stacks are written only at
 * debug level: an incident is one line with what happened and the request it happened to.
 */
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export type LogFields = Record<string, unknown>;
export type Log = (level: LogLevel, message: string, fields?: LogFields) => void;

export interface LogOptions {
  level: LogLevel;
  format: 'json' | 'text';
  write?: (line: string) => void;
}

export function createLog({ level, format, write = (line) => process.stderr.write(`${line}\n`) }: LogOptions): Log {
  const threshold = LOG_LEVELS.indexOf(level);
  return (eventLevel, message, fields = {}) => {
    if (LOG_LEVELS.indexOf(eventLevel) < threshold) return;
    const shown = Object.fromEntries(Object.entries(fields).filter(([key, value]) => value !== undefined && (key !== 'stack' || level === 'debug')));
    write(
      format === 'json'
        ? JSON.stringify({ time: new Date().toISOString(), level: eventLevel, msg: message, ...shown })
        : `[ossigraph] ${eventLevel === 'info' ? '' : `${eventLevel}: `}${message}${Object.keys(shown).length ? ` ${JSON.stringify(shown)}` : ''}`,
    );
  };
}

/** An error as log fields: its name and message, and its stack (which the log shows at debug level only). */
export function errorFields(error: unknown): LogFields {
  if (!(error instanceof Error)) return { error: String(error) };
  const cause = (error as { originalError?: unknown }).originalError;
  const root = cause instanceof Error ? cause : error;
  return { error: `${root.name}: ${root.message}`, stack: root.stack };
}
