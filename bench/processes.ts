import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { PROJECT_ROOT } from '../src/config.js';

/** A server the benchmark started in a process of its own, so load and server never share an event loop. */
export interface ServedProcess {
  name: string;
  base: string;
  child: ChildProcess;
  /** Peak resident memory of the process so far (VmHWM), in MiB. */
  peakRssMiB(): number;
  /** CPU time the process has used so far, user and system, in ms. */
  cpuMs(): number;
  /** The last few kB the process wrote to stdout and stderr. */
  output(): string;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** A memory figure of a process from /proc, in MiB: VmHWM is its peak resident set, VmRSS its current one. */
export function memoryMiB(pid: number | undefined, field: 'VmHWM' | 'VmRSS'): number {
  if (!pid) return 0;
  const match = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : 0;
}

export const peakRssMiB = (pid: number | undefined) => memoryMiB(pid, 'VmHWM');

/** CPU time a process has used, user and system, in ms, from /proc (in clock ticks of 10 ms, Linux's USER_HZ). */
export function cpuMs(pid: number | undefined): number {
  if (!pid) return 0;
  // The fields after the command's closing parenthesis; utime and stime are the 12th and 13th.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** Probes `url` every 25 ms for `seconds` from a process of its own (bench/health-probe.ts). */
export function probe(url: string, seconds: number): Promise<{ latencies: number[]; errors: number }> {
  return new Promise((resolve, reject) => {
    let output = '';
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/health-probe.ts', url, String(seconds)], { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(output)) : reject(new Error(`the probe of ${url} exited ${code}`))));
  });
}

/** POSTs a GraphQL query; throws when the answer is not a 2xx without errors. Resolves to the milliseconds it took. */
export async function askGraphQL(url: string, query: string): Promise<number> {
  const started = performance.now();
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
  const body = (await response.json()) as { errors?: unknown[] };
  if (!response.ok || body.errors) throw new Error(`${query.slice(0, 80)}: ${response.status} ${JSON.stringify(body).slice(0, 300)}`);
  return performance.now() - started;
}

async function waitFor(url: string, child: ChildProcess, output: () => string, seconds = 90): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${url}: the process exited (${child.exitCode}):\n${output()}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${url} did not answer within ${seconds} s:\n${output()}`);
}

/** Starts `node …args` with `env`, and waits until `readyPath` answers 200. */
export async function startProcess(name: string, args: string[], env: Record<string, string>, readyPath: string): Promise<ServedProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, args, {
    cwd: PROJECT_ROOT,
    env: { ...process.env, ...env, PORT: String(port), NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const base = `http://127.0.0.1:${port}`;
  await waitFor(`${base}${readyPath}`, child, () => output);
  return {
    name,
    base,
    child,
    peakRssMiB: () => peakRssMiB(child.pid),
    cpuMs: () => cpuMs(child.pid),
    output: () => output,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** `npm start`'s arguments to node (its V8 flags, the CLI, `start`). */
const START_ARGS = (JSON.parse(readFileSync(`${PROJECT_ROOT}/package.json`, 'utf8')) as { scripts: { start: string } }).scripts.start.split(' ').slice(1);
/** The V8 flags ossigraph runs with, for servers compared with it. */
export const V8_FLAGS = START_ARGS.filter((arg) => arg.startsWith('--'));

/** ossigraph as users run it (`npm start`): the built CLI, production mode, on the given Neo4j. */
export const startOssigraph = (neo4j: { uri: string; password: string }, extra: Record<string, string> = {}) =>
  startProcess('ossigraph', START_ARGS, { NEO4J_URI: neo4j.uri, NEO4J_PASSWORD: neo4j.password, OSSIGRAPH_SEED_ON_START: 'false', ...extra }, '/ready');
