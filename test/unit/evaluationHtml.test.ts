/** The evaluation webview's gate and document: the webview can only ask to open a run this evaluation made. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluationHtml, parseEvaluationMessage, runRow } from '../../src/host/evaluationHtml';
import type { ResultLine } from '../../src/eval/results';

const KNOWN = new Set(['0b7c1e52-3f7a-4d7e-9a51-1c2d3e4f5a6b']);

test('only openRun with a run id of this evaluation passes', () => {
  assert.deepEqual(parseEvaluationMessage({ type: 'openRun', runId: [...KNOWN][0] }, KNOWN), { type: 'openRun', runId: [...KNOWN][0] });
  const rejected: unknown[] = [
    null,
    'openRun',
    [],
    { type: 'openRun' },
    { type: 'openRun', runId: 'ffffffff-0000-0000-0000-000000000000' },
    { type: 'openRun', runId: '../../etc/passwd' },
    { type: 'openRun', runId: [...KNOWN][0], path: '/etc/passwd' },
    { type: 'openFile', runId: [...KNOWN][0] },
    { type: 'openRun', runId: 42 },
  ];
  for (const m of rejected) assert.equal(parseEvaluationMessage(m, KNOWN), undefined, JSON.stringify(m));
});

test('model output in a row is text, never markup; the document has a CSP with a nonce', () => {
  const row = runRow({
    task_id: 't1',
    budget: 5,
    attempt: 1,
    answer: '<img src=x onerror=alert(1)>',
    expected: '"><script>x</script>',
    correct: false,
    tool_calls: 2,
    stop_reason: 'answered',
    run_id: 'bad id <b>',
  } as ResultLine);
  assert.doesNotMatch(row, /<img|<script|<b>/);
  assert.match(row, /&lt;img src=x onerror=alert\(1\)&gt;/);
  assert.doesNotMatch(row, /data-run-id/, 'no button for a run id that is not one');
  const html = evaluationHtml({ cspSource: 'https://x', nonce: 'abcdefghijklmnopqrstuv', title: 'T <x>', body: row });
  assert.match(html, /default-src 'none'; style-src 'unsafe-inline'; script-src 'nonce-abcdefghijklmnopqrstuv'/);
  assert.match(html, /<title>T &lt;x&gt;<\/title>/);
  assert.throws(() => evaluationHtml({ cspSource: '', nonce: 'short', title: '', body: '' }), /nonce/);
});
