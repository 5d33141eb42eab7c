/**
 * Tool input schemas (src/agent/schema.ts): validateInput is the runtime check before a tool runs, and
 * InputOf types a tool's input from its literal schema, so a tool reads its fields without a cast.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defineTool } from '../../src/agent/tool';
import { validateInput, type InputOf, type ToolSchema } from '../../src/agent/schema';

const SCHEMA = {
  type: 'object',
  properties: {
    path: { type: 'string' },
    count: { type: 'integer', minimum: 1, maximum: 10 },
    mode: { type: 'string', enum: ['fast', 'slow'] },
    loud: { type: 'boolean' },
  },
  required: ['path', 'count'],
  additionalProperties: false,
} as const satisfies ToolSchema;

const ctx = { signal: new AbortController().signal, approve: async () => false };

test("a tool's input is typed from its schema: required fields required, enums as their strings, no other fields", async () => {
  const seen: InputOf<typeof SCHEMA>[] = [];
  const tool = defineTool({
    name: 'typed',
    server: 'test',
    description: 'Records its input.',
    schema: SCHEMA,
    run: async (input) => {
      const path: string = input.path;
      const count: number = input.count;
      const mode: 'fast' | 'slow' | undefined = input.mode;
      const loud: boolean | undefined = input.loud;
      // @ts-expect-error a field the schema does not declare is no field of the input
      void input.nope;
      // @ts-expect-error an optional field may be missing
      const sure: boolean = input.loud;
      void sure;
      seen.push(input);
      return { content: `${path} ${count} ${mode ?? '-'} ${loud ?? '-'}` };
    },
  });
  const r = await tool.execute({ path: 'a.ts', count: 2, mode: 'fast' }, ctx);
  assert.equal(r.content, 'a.ts 2 fast -');
  assert.deepEqual(seen, [{ path: 'a.ts', count: 2, mode: 'fast' }]);
});

test('input that does not fit the schema never reaches the tool: the model reads which argument is wrong', async () => {
  let ran = 0;
  const tool = defineTool({ name: 'typed', server: 'test', description: '', schema: SCHEMA, run: async () => (ran++, { content: 'ran' }) });
  for (const [input, problem] of [
    [{ count: 2 }, /missing required argument "path" \(string\)/],
    [{ path: 'a', count: 0 }, /argument "count" must be at least 1, got 0/],
    [{ path: 'a', count: 2.5 }, /argument "count" must be an integer/],
    [{ path: 'a', count: 2, mode: 'medium' }, /argument "mode" must be one of fast, slow/],
    [{ path: 'a', count: 2, loud: 'yes' }, /argument "loud" must be true or false/],
    [{ path: 'a', count: 2, extra: 1 }, /unknown argument "extra"; expected path, count, mode, loud/],
    [['a'], /must be a JSON object, got an array/],
  ] as [unknown, RegExp][]) {
    const r = await tool.execute(input as Record<string, unknown>, ctx);
    assert.equal(r.isError, true);
    assert.match(r.content, problem);
    assert.match(r.content, /^typed: /);
    assert.equal(validateInput(input, SCHEMA), r.content.slice('typed: '.length));
  }
  assert.equal(ran, 0);
});
