/**
 * Puts streamed `tool_calls` deltas back together, for every shape real OpenAI-compatible servers send
 * (each rule names the servers that need it; the conformance suite replays them):
 * - `index` missing (Gemini's compatibility layer, ollama/ollama#7881, xorbitsai/inference#3634): a delta
 *   with a new id or a different name starts a call, anything else continues the last one;
 * - one `index` shared by parallel calls (Ollama through LiteLLM, huggingface/smolagents#1958): a delta whose
 *   id differs from its slot's starts a new call;
 * - the whole call in one delta (Ollama, LM Studio), arguments in many pieces (OpenAI, vLLM);
 * - the id on every delta, `id: ""` / `name: ""` on continuations (DashScope/GLM, anomalyco/opencode#37841),
 *   the name repeated in every delta (llama.cpp before ggml-org/llama.cpp#13800);
 * - an entry with `name: null` carrying arguments that belong to the call before it, written as a cut-off
 *   object run into the whole one (SGLang's MiniMax-M2 parser, sgl-project/sglang#23071);
 * - the whole call sent again in the last chunk, which would double its arguments.
 */
import type { ToolCallRecord } from '../messages';

interface Slot {
  id: string;
  name: string;
  arguments: string;
}

export interface ToolCallDelta {
  index?: unknown;
  id?: unknown;
  function?: { name?: unknown; arguments?: unknown } | null;
}

export class ToolCallAssembler {
  private readonly slots: Slot[] = [];
  /** Server index → slot, for servers that send an index. */
  private readonly byIndex = new Map<number, Slot>();

  add(delta: ToolCallDelta): void {
    if (!delta || typeof delta !== 'object') return;
    const id = typeof delta.id === 'string' ? delta.id : '';
    const name = typeof delta.function?.name === 'string' ? delta.function.name : '';
    const args = typeof delta.function?.arguments === 'string' ? delta.function.arguments : '';
    const slot = this.slotFor(typeof delta.index === 'number' ? delta.index : undefined, id, name);
    if (id && !slot.id) slot.id = id;
    if (name && !slot.name) slot.name = name;
    slot.arguments += args;
  }

  private slotFor(index: number | undefined, id: string, name: string): Slot {
    const last = this.slots[this.slots.length - 1];
    if (index !== undefined) {
      const known = this.byIndex.get(index);
      if (known && !startsAnother(known, id, name)) return known;
      // A nameless, id-less new entry continues the call before it (SGLang's split entry).
      if (!known && !name && !id && last?.name) {
        this.byIndex.set(index, last);
        return last;
      }
      const slot = this.open();
      this.byIndex.set(index, slot);
      return slot;
    }
    if (id) {
      const withId = this.slots.find((s) => s.id === id);
      if (withId) return withId;
    }
    if (last && !startsAnother(last, id, name)) return last;
    return this.open();
  }

  private open(): Slot {
    const slot = { id: '', name: '', arguments: '' };
    this.slots.push(slot);
    return slot;
  }

  /** The calls, with run-together argument objects split and exact repeats dropped. */
  finish(): ToolCallRecord[] {
    const out: ToolCallRecord[] = [];
    for (const slot of this.slots) {
      if (!slot.name) continue;
      const parts = splitArguments(slot.arguments);
      parts.forEach((args, k) => out.push({ id: k === 0 ? slot.id : slot.id ? `${slot.id}_${k}` : '', name: slot.name, arguments: args }));
    }
    return out;
  }
}

/** A delta starts another call when it names a different id or a different function than its slot. */
function startsAnother(slot: Slot, id: string, name: string): boolean {
  if (id && slot.id && id !== slot.id) return true;
  return !!name && !!slot.name && name !== slot.name;
}

/**
 * Argument text as one or more JSON objects. Valid JSON stays as it is. Objects run together become
 * separate calls, except exact repeats (a call sent twice) which count once. An object cut off and
 * followed by a fresh one (`{"a": "x"{"a": "x", "b": 1}`) keeps the fresh one. Text that holds no
 * whole object is returned untouched, so the model sees its own broken arguments in the error.
 */
export function splitArguments(text: string): string[] {
  const trimmed = text.trim();
  if (trimmed === '' || text.length > 1_000_000) return [text];
  try {
    JSON.parse(trimmed);
    return [text];
  } catch {
    // fall through: not one JSON value
  }
  const objects = topLevelObjects(trimmed).filter(isJsonObject);
  if (objects.length === 0) {
    // A copy cut right after a key (`{"a":{"a":1}`) reads as nesting: take the first whole object that ends the text.
    for (let i = trimmed.indexOf('{', 1); i !== -1; i = trimmed.indexOf('{', i + 1)) {
      if (isJsonObject(trimmed.slice(i))) return [trimmed.slice(i)];
    }
    return [text];
  }
  return objects.filter((o, i) => i === 0 || canonical(o) !== canonical(objects[i - 1]));
}

function isJsonObject(s: string): boolean {
  try {
    const v: unknown = JSON.parse(s);
    return v !== null && typeof v === 'object' && !Array.isArray(v);
  } catch {
    return false;
  }
}

function canonical(s: string): string {
  return JSON.stringify(JSON.parse(s));
}

/**
 * Scans for complete top-level `{…}` objects. A `{` where JSON cannot have one (right after a string,
 * a number or a closing bracket, inside an object) means the object before it was cut off: the scan
 * restarts there.
 */
function topLevelObjects(text: string): string[] {
  const found: string[] = [];
  let start = -1;
  let depth = 0;
  let inString = false;
  let escaped = false;
  let prev = ''; // last significant character outside strings
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (escaped) escaped = false;
      else if (ch === '\\') escaped = true;
      else if (ch === '"') {
        inString = false;
        prev = '"';
      }
      continue;
    }
    if (/\s/.test(ch)) continue;
    if (ch === '{') {
      if (depth === 0 || !(prev === ':' || prev === ',' || prev === '[')) {
        start = i;
        depth = 0;
      }
      depth++;
    } else if (ch === '[') {
      if (depth > 0) depth++;
    } else if (ch === ']') {
      if (depth > 0) depth--;
    } else if (ch === '}') {
      if (depth > 0 && --depth === 0 && start !== -1) {
        found.push(text.slice(start, i + 1));
        start = -1;
      }
    } else if (ch === '"') {
      inString = true;
    }
    prev = ch;
  }
  return found;
}
