import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { formatGroundedFindings, relativeLink } from '../../src/report/findingsFormat';
import { recordedReport, runSources } from '../../src/report/sources';
import { citationFiles } from '../../src/tools/citationFiles';
import { recordRun, type CitationRun } from '../helpers/citationRun';

let run: CitationRun;
before(async () => {
  run = await recordRun();
});
after(() => run.close());

const ANSWER = 'The third line is `const line3 = 3` (src/long.ts:3); the flag is in src/unread.ts; the CLI is lib/cli.js.';

test('Markdown findings: cited sources only, with status, relative #L links, excerpts; unverified marked, read-but-uncited apart', async () => {
  const sources = await runSources(ANSWER, run.events, citationFiles(run.workspace), run.root);
  const md = formatGroundedFindings('Where?', ANSWER, sources, { fromDir: 'docs/notes' });
  assert.equal(
    md,
    [
      ANSWER,
      '',
      '**Sources**',
      '',
      '- [src/long.ts:3](../../src/long.ts#L3) — *verified*: quote found at line 3, which was shown',
      '  ```',
      '  const line3 = 3;',
      '  ```',
      '- [src/unread.ts](../../src/unread.ts) — *not observed, unverified*: never opened in this run',
      '- `lib/cli.js` — *missing, unverified*: no such file in the workspace',
      '',
      '<details><summary>Also consulted (read, not cited): 2</summary>',
      '',
      '- [README.md](../../README.md)',
      `- <${run.server.url}/page>`,
      '',
      '</details>',
      '',
    ].join('\n'),
  );
});

test('the comment-block form keeps the same information', async () => {
  const sources = await runSources(ANSWER, run.events, citationFiles(run.workspace), run.root);
  const text = formatGroundedFindings('Where?', ANSWER, sources, { comment: '#' });
  assert.equal(
    text,
    [
      '# Research: Where?',
      `# ${ANSWER}`,
      '#',
      '# Sources:',
      '# - [verified] src/long.ts:3: quote found at line 3, which was shown',
      '#     const line3 = 3;',
      '# - [not observed, unverified] src/unread.ts: never opened in this run',
      '# - [missing, unverified] lib/cli.js: no such file in the workspace',
      '#',
      `# Also consulted (read, not cited): README.md, ${run.server.url}/page`,
      '',
    ].join('\n'),
  );
});

test('the run’s own report for the final answer is used when there is one', () => {
  const events = [
    ...run.events.filter((e) => e.type !== 'final_answer' && e.type !== 'run_end'),
    { type: 'citation_report' as const, turn: 7, round: 0, citations: [], seq: 900, t: 0 },
    { type: 'final_answer' as const, turn: 7, text: 'x', seq: 901, t: 0 },
  ];
  assert.deepEqual(recordedReport(events), []);
  assert.equal(recordedReport(run.events), undefined, 'no report in a run made without the check');
});

test('relative links: same folder, up and down, encoded segments', () => {
  assert.equal(relativeLink('', 'src/a.ts'), 'src/a.ts');
  assert.equal(relativeLink('src', 'src/a.ts'), 'a.ts');
  assert.equal(relativeLink('docs/x', 'src/a b.ts'), '../../src/a%20b.ts');
  assert.equal(relativeLink('src/agent', 'src/tools/t.ts'), '../tools/t.ts');
});
