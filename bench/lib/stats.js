// Small statistics and timing helpers shared by the figures.

/** The median of a list of numbers (the mean of the middle two for an even count). */
export function median(values) {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** The q-quantile (0..1) by linear interpolation. */
export function quantile(values, q) {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.ceil(position);
  return sorted[low] + (sorted[high] - sorted[low]) * (position - low);
}

/** Median with the 10th and 90th percentiles, so a table can show the spread beside the median. */
export function summarize(values) {
  return { median: median(values), p10: quantile(values, 0.1), p90: quantile(values, 0.9), n: values.length };
}

/** Rounds to `digits` significant decimals for the report (results.json keeps what this returns). */
export function round(value, digits = 3) {
  if (!Number.isFinite(value)) return value;
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** Nanoseconds elapsed since `start` (a process.hrtime.bigint() reading), as a number. */
export function elapsedNs(start) {
  return Number(process.hrtime.bigint() - start);
}

/**
 * A stopwatch of this process's CPU time (user + system, all its threads, µs resolution) beside the
 * wall clock. CPU time is what the micro figures report: on a shared machine the wall clock also
 * counts the time other processes had the core, the CPU time does not.
 */
export function startClock() {
  const wall = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  return () => {
    const used = process.cpuUsage(cpu);
    return { cpuNs: (used.user + used.system) * 1000, wallNs: elapsedNs(wall) };
  };
}

/**
 * Runs each tool's step in turn, `repetitions` times, rotating the starting tool every round so no
 * tool always runs first (after a GC or a JIT tier-up). Returns every measurement per tool.
 */
export async function alternate(tools, repetitions, step) {
  const samples = Object.fromEntries(tools.map((tool) => [tool, []]));
  for (let round = 0; round < repetitions; round++) {
    for (let i = 0; i < tools.length; i++) {
      const tool = tools[(round + i) % tools.length];
      samples[tool].push(await step(tool, round));
    }
  }
  return samples;
}

/** Whether this run is the short one (`--quick`). */
export function isQuick(argv = process.argv) {
  return argv.includes('--quick');
}

/** Where a figure writes its JSON result (`--out <file>`), if asked. */
export function outFile(argv = process.argv) {
  const index = argv.indexOf('--out');
  return index >= 0 ? argv[index + 1] : undefined;
}

/** Progress for the person running the bench, on stderr so stdout stays free. */
export function log(message) {
  process.stderr.write(`${message}\n`);
}
