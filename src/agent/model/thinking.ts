/**
 * Reasoning that arrives inside the content instead of `reasoning_content`: `<think>…</think>` blocks
 * (DeepSeek-R1 distills, Qwen3 on servers without a reasoning parser) and replies that start inside a
 * think block and only show `</think>`, because the chat template already wrote the opening tag
 * (Qwen3-*-Thinking-2507; Qwen's docs say this is normal; vllm-project/vllm#31045, ollama/ollama#12511).
 * Anything inside thinking is never an answer and never a tool call.
 */

export interface SplitText {
  /** The text outside every think block: the answer or the tool-call markup. */
  visible: string;
  /** The text inside think blocks, in order. */
  thinking: string;
}

const OPEN = '<think>';
const CLOSE = '</think>';

export function splitThinking(text: string): SplitText {
  let rest = text;
  const thinking: string[] = [];
  const visible: string[] = [];
  // A `</think>` before any `<think>` closes a block the template opened: all before it is thinking.
  const firstClose = rest.indexOf(CLOSE);
  const firstOpen = rest.indexOf(OPEN);
  if (firstClose !== -1 && (firstOpen === -1 || firstClose < firstOpen)) {
    thinking.push(rest.slice(0, firstClose));
    rest = rest.slice(firstClose + CLOSE.length);
  }
  for (;;) {
    const open = rest.indexOf(OPEN);
    if (open === -1) {
      visible.push(rest);
      break;
    }
    visible.push(rest.slice(0, open));
    const close = rest.indexOf(CLOSE, open + OPEN.length);
    // An unclosed block runs to the end: the reply was cut (or is still streaming) inside thinking.
    thinking.push(rest.slice(open + OPEN.length, close === -1 ? undefined : close));
    if (close === -1) break;
    rest = rest.slice(close + CLOSE.length);
  }
  return { visible: visible.join('').trim(), thinking: thinking.join('\n').trim() };
}
