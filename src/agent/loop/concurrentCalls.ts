/**
 * Which calls of one turn may run at the same time: only consecutive calls of tools that say so
 * (`Tool.concurrent`, today research_subtask). Every other call runs alone, in order, as before.
 */
import type { ToolCallRecord } from '../messages';
import type { Tool } from '../tool';

export function concurrentTools(tools: readonly Tool[]): ReadonlySet<string> {
  return new Set(tools.filter((t) => t.concurrent === true).map((t) => t.name));
}

/** Indexes of the calls to start together with call `i`: the run of concurrent calls it begins, else just `i`. */
export function concurrentGroup(calls: readonly ToolCallRecord[], i: number, concurrent: ReadonlySet<string>): number[] {
  if (!concurrent.has(calls[i].name)) return [i];
  const group = [i];
  for (let j = i + 1; j < calls.length && concurrent.has(calls[j].name); j++) group.push(j);
  return group;
}
