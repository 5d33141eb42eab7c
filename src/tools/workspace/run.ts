/** The frame every workspace tool runs in: validate input, turn failures into observations. */
import { fail, ToolError, type ToolResult, type ToolSchema } from '../../agent/tool';
import { validateInput } from '../../agent/validateInput';

export async function runTool(name: string, schema: ToolSchema, input: unknown, body: () => Promise<ToolResult>): Promise<ToolResult> {
  const problem = validateInput(input, schema);
  if (problem) return fail(`${name}: ${problem}`);
  try {
    return await body();
  } catch (error) {
    if (error instanceof ToolError) return fail(error.message);
    return fail(`${name} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Lines in a text, not counting the empty string after a final newline. */
export function countLines(text: string): number {
  if (text === '') return 0;
  const lines = text.split('\n').length;
  return text.endsWith('\n') ? lines - 1 : lines;
}

export function byteLength(text: string): number {
  return new TextEncoder().encode(text).length;
}
