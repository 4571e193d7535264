/**
 * The client side of the responsiveness benchmark, in a process of its own so that a busy
 * hub cannot delay the requests themselves: it asks the hub, one request at a time, every
 * `interval` ms, and records how long each answer took. The parent sends `{ paths }` to start
 * (or change) what is asked and `'report'` to collect and reset the latencies.
 */
import { request } from 'undici';

export type ProbeCommand = { paths: string[] } | 'report' | 'stop';
/** Milliseconds per path since the last report. */
export type ProbeReport = Record<string, number[]>;

const [baseUrl, apiKey, interval] = process.argv.slice(2) as [string, string, string];
const headers = { authorization: `Bearer ${apiKey}` };
let paths: string[] = [];
let latencies: ProbeReport = {};
let running = true;

process.on('message', (command: ProbeCommand) => {
  if (command === 'report') {
    process.send?.(latencies);
    latencies = {};
  } else if (command === 'stop') running = false;
  else paths = command.paths;
});

while (running) {
  for (const path of paths) {
    const started = performance.now();
    const response = await request(`${baseUrl}${path}`, { headers });
    await response.body.dump();
    if (response.statusCode !== 200) throw new Error(`${path}: ${response.statusCode}`);
    const took = performance.now() - started;
    latencies[path] = [...(latencies[path] ?? []), took];
  }
  await new Promise((resolve) => setTimeout(resolve, Number(interval)));
}
process.disconnect?.();
