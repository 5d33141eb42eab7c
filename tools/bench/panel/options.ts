/** The benchmark's command line and its fixed sizes. */
const argv = process.argv.slice(2);
const opt = (name: string, dflt: number): number => (argv.includes(name) ? Number(argv[argv.indexOf(name) + 1]) : dflt);

/** Fresh pages timed per snapshot size (after one warm-up load). */
export const RUNS = opt('--runs', 5);
/** Appends timed per page (after WARMUP_APPENDS). */
export const APPENDS = opt('--appends', 50);
export const OUT = argv.includes('--out') ? argv[argv.indexOf('--out') + 1] : 'bench-results/panel.md';
/** The first appends compile the append paths and are not counted. */
export const WARMUP_APPENDS = 5;
export const OPEN_SIZES = [100, 1000, 3000];
export const APPEND_AT = [10, 1000, 3000];
/** Pages per length in the append test: renderer processes differ by ±1 ms per append among themselves. */
export const PAGES_PER_LENGTH = 2;
/** Steps pushed through the host per length and scenario. */
export const BYTES_STEPS = 10;
export const STEP_OBS = { obsMin: 300, obsMax: 6000 };
export const QUESTION = 'How does the agent loop retain tool results when the context window fills up, and where is that configured?';
