import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import readline from 'node:readline';
import { PROJECT_ROOT } from '../config.js';
import type { ExitReport } from './supervisor.js';
import type { CliErrorCode } from '../errors.js';

/** A failure the user can act on, told in one line. */
export class EmbeddedNeo4jError extends Error {
  readonly code = 'EMBEDDED_NEO4J' satisfies CliErrorCode;
}

export interface EmbeddedOptions {
  dataDir: string;
  /** 0 picks a free loopback port. */
  port: number;
  heap: string;
  pageCache: string;
  /**
   * The password of the `neo4j` user (8 characters or more). When omitted, the one kept in
   * the data directory, generated on first start (see {@link embeddedPassword}).
   */
  password?: string;
  /**
   * CPU priority of the JVM below the server's (0 to 19, as `nice`): on a machine it shares
   * with the server, a flood of queries keeps Neo4j busy, and the server must still get the
   * CPU to answer probes, refuse what it cannot serve, and send back what Neo4j has found.
   */
  nice?: number;
  /** Where progress messages go (jar resolution, start-up); silent when omitted. */
  log?: (message: string) => void;
  startTimeoutMs?: number;
}

export interface EmbeddedNeo4j {
  uri: string;
  /** Bolt asks for these: the embedded Neo4j runs with authentication on. */
  user: 'neo4j';
  password: string;
  pid: number;
  /** Settles when the JVM exits, for whatever reason: with its exit code or signal and last lines. */
  exited: Promise<ExitReport>;
  stop(): Promise<void>;
}

const LAUNCHER_DIR = path.join(PROJECT_ROOT, 'launcher');
const CLASSES_DIR = path.join(LAUNCHER_DIR, 'target', 'classes');
const JARS_DIR = path.join(LAUNCHER_DIR, 'target', 'dependency');
const MAIN_CLASS = 'dev.ossigraph.launcher.EmbeddedNeo4j';
const MAIN_CLASS_FILE = path.join(CLASSES_DIR, 'dev', 'ossigraph', 'launcher', 'EmbeddedNeo4j.class');
const READY = 'OSSIGRAPH_NEO4J_READY ';
const TAIL_LINES = 20;
const FAILED = 'OSSIGRAPH_NEO4J_ERROR ';
/** In the data directory, readable by its owner only. */
export const PASSWORD_FILE = 'ossigraph-password';
/** Where a process that runs the embedded Neo4j says so: its Bolt URI and its pid, for the CLI to share it. */
export const RUNNING_FILE = 'ossigraph-running.json';

/** Tells other processes on this data directory (the CLI beside a server) where its Neo4j answers. */
export function announceEmbedded(dataDir: string, uri: string): void {
  writeFileSync(path.join(dataDir, RUNNING_FILE), `${JSON.stringify({ uri, pid: process.pid })}\n`, { mode: 0o600 });
}

/** Withdraws the announcement, if it is still this process's. */
export function withdrawEmbedded(dataDir: string): void {
  if (runningEmbedded(dataDir)?.pid === process.pid) rmSync(path.join(dataDir, RUNNING_FILE), { force: true });
}

/** The embedded Neo4j another live process runs on this data directory, or null. */
export function runningEmbedded(dataDir: string): { uri: string; pid: number } | null {
  try {
    const found = JSON.parse(readFileSync(path.join(dataDir, RUNNING_FILE), 'utf8')) as { uri?: unknown; pid?: unknown };
    if (typeof found.uri !== 'string' || typeof found.pid !== 'number') return null;
    process.kill(found.pid, 0); // throws when no such process
    return { uri: found.uri, pid: found.pid };
  } catch {
    return null;
  }
}

/** Flags Neo4j 5 needs on Java 17+ (it reaches into NIO buffers and Netty internals). */
const JVM_FLAGS = [
  '--add-opens=java.base/java.nio=ALL-UNNAMED',
  '--add-opens=java.base/java.io=ALL-UNNAMED',
  '--add-opens=java.base/java.lang=ALL-UNNAMED',
  '--add-opens=java.base/sun.nio.ch=ALL-UNNAMED',
  '--add-opens=java.base/java.util.concurrent=ALL-UNNAMED',
  '-Dio.netty.tryReflectionSetAccessible=true',
  '-XX:+UseG1GC',
  '-XX:+ExitOnOutOfMemoryError',
];

/** Starts Neo4j Community in a child JVM and resolves once Bolt accepts connections. */
export async function startEmbeddedNeo4j(options: EmbeddedOptions): Promise<EmbeddedNeo4j> {
  const log = options.log ?? (() => {});
  const java = findJava();
  await ensureLauncherBuilt(log);
  mkdirSync(options.dataDir, { recursive: true });
  const password = options.password ?? embeddedPassword(options.dataDir);
  if (password.length < 8) throw new EmbeddedNeo4jError('OSSIGRAPH_NEO4J_PASSWORD must be 8 characters or more');
  const port = options.port === 0 ? await freeLoopbackPort() : options.port;

  // `nice` (not setpriority after the start): every JVM thread inherits the priority.
  const niced = (options.nice ?? 0) > 0 && process.platform !== 'win32';
  const child = spawn(
    niced ? 'nice' : java,
    [
      ...(niced ? ['-n', String(options.nice), java] : []),
      `-Xmx${options.heap}`,
      ...JVM_FLAGS,
      '-cp',
      `${CLASSES_DIR}${path.delimiter}${path.join(JARS_DIR, '*')}`,
      MAIN_CLASS,
      '--home',
      options.dataDir,
      '--port',
      String(port),
      '--pagecache',
      options.pageCache,
    ],
    // stdin stays an open pipe: the JVM exits when it closes, so it never outlives us.
    // The password goes in the environment, not the arguments the process list shows.
    { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, OSSIGRAPH_NEO4J_PASSWORD: password } },
  );
  log(`starting embedded Neo4j 5.26 (data in ${path.relative(process.cwd(), options.dataDir) || '.'})`);
  // The JVM's last words, for the log line that reports its death.
  const tail: string[] = [];
  const keep = (line: string) => {
    tail.push(line);
    if (tail.length > TAIL_LINES) tail.shift();
  };
  readline.createInterface({ input: child.stdout! }).on('line', keep);
  readline.createInterface({ input: child.stderr! }).on('line', keep);
  const exited = new Promise<ExitReport>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal, tail: [...tail] })));

  const uri = await waitUntilReady(child, options.startTimeoutMs ?? 180_000);
  return {
    uri,
    user: 'neo4j',
    password,
    pid: child.pid ?? -1,
    exited,
    stop: () => stopChild(child),
  };
}

/**
 * The embedded Neo4j's password as kept in `<dataDir>/ossigraph-password`: generated (24 random
 * bytes) on first use, written owner-only, and tightened to owner-only if someone loosened it.
 * Anything on this machine that needs the database (the CLI, benchmarks, tests) reads it here.
 */
export function embeddedPassword(dataDir: string): string {
  const file = path.join(dataDir, PASSWORD_FILE);
  mkdirSync(dataDir, { recursive: true });
  if (!existsSync(file)) {
    try {
      writeFileSync(file, `${randomBytes(24).toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
    } catch (error) {
      // Another process created it first: use theirs.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  const password = readFileSync(file, 'utf8').trim();
  if (password.length < 8) throw new EmbeddedNeo4jError(`${file} holds no usable password (8 characters or more); delete it to have one generated`);
  return password;
}

function findJava(): string {
  const fromHome = process.env.JAVA_HOME ? path.join(process.env.JAVA_HOME, 'bin', 'java') : undefined;
  const java = fromHome && existsSync(fromHome) ? fromHome : 'java';
  const probe = spawnSync(java, ['-version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new EmbeddedNeo4jError(
      'java was not found: install a JDK 17 or 21 (Debian: apt-get install openjdk-17-jdk-headless) or set NEO4J_URI to use an external Neo4j',
    );
  }
  const match = /version "(\d+)/.exec(probe.stderr);
  const major = match ? Number(match[1]) : NaN;
  if (!(major >= 17 && major <= 21)) {
    throw new EmbeddedNeo4jError(
      `Neo4j 5.26 runs on Java 17 or 21, but ${java} is Java ${match?.[1] ?? 'of unknown version'}: set JAVA_HOME to a JDK 17 or 21`,
    );
  }
  return java;
}

function launcherIsBuilt(): boolean {
  if (!existsSync(MAIN_CLASS_FILE) || !existsSync(JARS_DIR)) return false;
  if (!readdirSync(JARS_DIR).some((name) => name.startsWith('neo4j-kernel'))) return false;
  const built = statSync(MAIN_CLASS_FILE).mtimeMs;
  const sources = [
    path.join(LAUNCHER_DIR, 'pom.xml'),
    path.join(LAUNCHER_DIR, 'src', 'main', 'java', 'dev', 'ossigraph', 'launcher', 'EmbeddedNeo4j.java'),
  ];
  return sources.every((file) => statSync(file).mtimeMs <= built);
}

/** Compiles the launcher and copies Neo4j's jars from Maven Central; a no-op once done. */
export async function ensureLauncherBuilt(log: (message: string) => void = () => {}): Promise<void> {
  if (launcherIsBuilt()) return;
  const probe = spawnSync('mvn', ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new EmbeddedNeo4jError(
      'mvn was not found: the embedded Neo4j needs Maven once to fetch its jars (Debian: apt-get install maven), or set NEO4J_URI to use an external Neo4j',
    );
  }
  log('resolving Neo4j 5.26 jars from Maven Central (first run only, about 120 MB)…');
  const child = spawn('mvn', ['-B', '-f', path.join(LAUNCHER_DIR, 'pom.xml'), 'compile'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const tail: string[] = [];
  let downloaded = 0;
  const lines = readline.createInterface({ input: child.stdout });
  lines.on('line', (line) => {
    tail.push(line);
    if (tail.length > 40) tail.shift();
    if (line.includes('Downloaded from')) {
      downloaded += 1;
      if (downloaded % 50 === 0) log(`  … ${downloaded} files downloaded`);
    }
  });
  child.stderr.on('data', (chunk: Buffer) => tail.push(chunk.toString()));
  const status = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  if (status !== 0) {
    throw new EmbeddedNeo4jError(
      `building the Neo4j launcher failed (mvn exit ${status}); run "mvn -f launcher/pom.xml compile" to see why:\n${tail.join('\n')}`,
    );
  }
  log(`Neo4j jars ready (${downloaded} files downloaded)`);
}

async function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function waitUntilReady(child: ChildProcess, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let failure: string | undefined;
    const stderrTail: string[] = [];
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new EmbeddedNeo4jError(`embedded Neo4j did not start within ${timeoutMs / 1000}s`));
    }, timeoutMs);

    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line.startsWith(READY)) {
        clearTimeout(timer);
        resolve(line.slice(READY.length).trim());
      }
    });
    readline.createInterface({ input: child.stderr! }).on('line', (line) => {
      if (line.startsWith(FAILED)) failure = line.slice(FAILED.length).trim();
      stderrTail.push(line);
      if (stderrTail.length > 20) stderrTail.shift();
    });
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new EmbeddedNeo4jError(`could not run java: ${error.message}`));
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new EmbeddedNeo4jError(failure ?? `embedded Neo4j exited with status ${code} before it was ready:\n${stderrTail.join('\n')}`));
    });
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  await exited;
  clearTimeout(killer);
}
