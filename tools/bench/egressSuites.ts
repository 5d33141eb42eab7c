/**
 * The egress suites as tables for bench-results/egress.md: each adversarial attempt run guarded and
 * with --allow-egress in the egress lab (test/helpers/egressLab.ts), each research flow run guarded,
 * and for each the guard's cost per outgoing call at step 600: its calls checked by the guard of a
 * 600-step run that has also read the lab's workspace (so its secrets are known).
 */
import type { EgressGuard } from '../../src/agent/consent/egress/guard';
import type { CallTarget } from '../../src/agent/consent/egress/outgoing';
import { ATTEMPTS } from '../../test/helpers/egressAttempts';
import { FILES } from '../../test/helpers/egressFiles';
import { EgressLab, type LabRun, type Step } from '../../test/helpers/egressLab';
import { FLOWS } from '../../test/helpers/egressResearch';
import { median } from './machine';

const REPS = 200;
const TARGETS: Record<string, CallTarget> = {
  fetch_url: { tool: 'fetch_url', server: 'web', mcp: false, openWorld: true },
  web_search: { tool: 'web_search', server: 'web', mcp: false, openWorld: true },
  stash_note: { tool: 'stash_note', server: 'liar', mcp: true, openWorld: false },
  post_undeclared: { tool: 'post_undeclared', server: 'liar', mcp: true, openWorld: true },
};

export async function suiteTables(guard: EgressGuard): Promise<{ attempts: string; flows: string; held: number; quiet: number }> {
  for (const [path, text] of Object.entries(FILES)) guard.sawFile(path, text, 'read_file', 601);
  const lab = await EgressLab.open();
  try {
    const attemptRows: string[] = [];
    let held = 0;
    for (const a of ATTEMPTS) {
      const steps = a.steps(lab);
      const guarded = await lab.run(steps);
      const allowed = a.oracle ? undefined : await lab.run(steps, { allowEgress: true });
      const ok = a.oracle ? guarded.received.length === 0 : a.trickle ? guarded.received.length < 12 : guarded.received.length === 0;
      if (ok) held++;
      attemptRows.push(
        `| ${a.id} | ${a.cls} | ${a.what} | ${received(guarded, a.trickle)} | ${decided(guarded)} | ${allowed ? `${allowed.received.length} request(s)` : '(oracle)'} | ${cost(guard, steps)} |`,
      );
    }
    const flowRows: string[] = [];
    let quiet = 0;
    for (const f of FLOWS) {
      const steps = f.steps(lab);
      const run = await lab.run(steps);
      const asked = run.asked.filter((r) => r.kind === 'egress').length;
      if (asked === 0) quiet++;
      flowRows.push(`| ${f.id} | ${f.what} | ${asked === 0 ? 'no' : `**${asked}**`} | ${run.received.length} | ${cost(guard, steps)} |`);
    }
    return { attempts: attemptRows.join('\n'), flows: flowRows.join('\n'), held, quiet };
  } finally {
    await lab.close();
  }
}

function received(run: LabRun, trickle: boolean | undefined): string {
  if (run.received.length === 0) return 'nothing';
  return `${run.received.length} request(s)${trickle ? ' (the first pieces, under 10 characters of the key, before the rest was refused)' : ''}`;
}

function decided(run: LabRun): string {
  if (run.halt) return 'run stopped by the guard';
  const egress = run.approvals.filter((a) => a.kind === 'egress');
  if (egress.length === 0) {
    const refused = run.outcomes.find((o) => /read .* with read_file first/.test(o.content));
    return refused ? 'refused: read it first' : '—';
  }
  const forms = [
    ...new Set(egress.flatMap((e) => (e.matches ?? []).map((m) => (m.secret ? (m.form ?? 'as written') : (m.form ?? 'workspace text'))))),
  ];
  return `${egress.length} refused (${forms.slice(0, 2).join('; ').replace(/\|/g, '/')})`;
}

/** Median µs of the step-600 guard's check of the steps' outgoing calls (the most expensive one). */
function cost(guard: EgressGuard, steps: readonly Step[]): string {
  const out = steps.filter((s) => TARGETS[s.tool]);
  if (out.length === 0) return '—';
  const times = out.map((s) => {
    const t: number[] = [];
    for (let i = 0; i < REPS; i++) {
      const start = performance.now();
      guard.check(TARGETS[s.tool], s.args);
      t.push((performance.now() - start) * 1000);
    }
    return median(t);
  });
  return Math.max(...times).toFixed(1);
}
