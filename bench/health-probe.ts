/**
 * Asks GET /health once every 25 ms for a while, each time on a new connection (as an
 * orchestrator's probe does), and prints the latencies as JSON. Run as its own process so
 * its timings are not delayed by the load generator's event loop.
 *
 *   node --import tsx bench/health-probe.ts URL SECONDS
 */
import { get } from 'node:http';

const [url, seconds] = [process.argv[2]!, Number(process.argv[3])];
const latencies: number[] = [];
let errors = 0;
const deadline = Date.now() + seconds * 1000;
while (Date.now() < deadline) {
  const started = performance.now();
  const ok = await new Promise<boolean>((resolve) => {
    const request = get(url, { agent: false, timeout: 30_000 }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode === 200));
    });
    request.on('error', () => resolve(false));
    request.on('timeout', () => request.destroy());
  });
  latencies.push(performance.now() - started);
  if (!ok) errors += 1;
  await new Promise((resolve) => setTimeout(resolve, 25));
}
process.stdout.write(JSON.stringify({ latencies, errors }));
