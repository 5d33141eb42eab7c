/**
 * Tool-call ids that are unique within a run before they go back to the server. Servers send `""`
 * (LM Studio, lmstudio-ai/lmstudio-bug-tracker#830), `"0"`, or one constant id for every call
 * (llama.cpp, NousResearch/hermes-agent#70724); a history with two calls of one id pairs results with
 * the wrong call or is refused. A server's own id is kept when it is new (some servers check their
 * format, e.g. Mistral's nine characters); a missing or repeated one gets a run-unique replacement.
 */
import type { AgentEvent } from '../events';
import type { ToolCallRecord } from '../messages';

export class CallIds {
  private readonly used = new Set<string>();

  /** Every id already in a trajectory, so a resumed run does not hand one out twice. */
  seed(events: readonly AgentEvent[]): void {
    for (const e of events) if (e.type === 'assistant_message') for (const c of e.toolCalls) this.used.add(c.id);
  }

  claim(calls: readonly ToolCallRecord[], turn: number): ToolCallRecord[] {
    return calls.map((call, i) => {
      let id = call.id;
      if (!id || this.used.has(id)) {
        const base = `${id ? `${id}_` : 'call_'}t${turn}_${i}`;
        id = base;
        for (let n = 2; this.used.has(id); n++) id = `${base}_${n}`;
      }
      this.used.add(id);
      return id === call.id ? call : { ...call, id };
    });
  }
}
