/**
 * The optional LLM judge: for free-form answers an exact scorer calls wrong ("the Eiffel Tower" vs
 * "Eiffel Tower, Paris"), a model over any OpenAI-compatible endpoint is asked whether the response
 * is equivalent to the ground truth, in the grader form BrowseComp and MiroThinker's benchmarks use
 * (the extracted answer, reasoning, then `correct: yes|no`). Its verdict is recorded beside the
 * scorer's, never instead of it.
 */
import type { ModelClient } from '../agent/modelClient';
import { DEFAULT_RETRY, retryDelay, sleep } from '../agent/model/retry';

export interface Judge {
  readonly model: string;
  judge(question: string, expected: string, response: string, signal: AbortSignal): Promise<boolean>;
}

export function judgePrompt(question: string, expected: string, response: string): string {
  return [
    'Judge whether the following [response] to [question] is correct, based on the precise and unambiguous [correct_answer] below.',
    '',
    `[question]: ${question}`,
    '',
    `[response]: ${response}`,
    '',
    `[correct_answer]: ${expected}`,
    '',
    'Reply in exactly this format:',
    'extracted_final_answer: the final answer extracted from the [response], or "None" if there is none.',
    'reasoning: one or two sentences on whether extracted_final_answer is equivalent to [correct_answer]; judge only that, ' +
      'do not solve the question again. Small differences in formatting or wording are fine; a different value, a different ' +
      'entity, or a number outside a small rounding margin is not.',
    'correct: "yes" if extracted_final_answer is equivalent to [correct_answer], otherwise "no".',
  ].join('\n');
}

/** The verdict of a grader reply: the last `correct: yes|no`. A reply without one is an error, never a guess. */
export function parseVerdict(reply: string): boolean {
  const all = [...reply.matchAll(/correct\s*[:：]\s*\**\s*"?(yes|no)\b/gi)];
  const last = all.at(-1);
  if (!last) throw new Error(`the judge's reply has no "correct: yes|no" line: ${reply.slice(0, 200)}`);
  return last[1].toLowerCase() === 'yes';
}

export function createJudge(model: ModelClient): Judge {
  return {
    model: model.model,
    async judge(question, expected, response, signal) {
      for (let tried = 1; ; tried++) {
        try {
          const reply = await model.complete(
            { messages: [{ role: 'user', content: judgePrompt(question, expected, response) }], temperature: 0 },
            { signal },
          );
          return parseVerdict(reply.text);
        } catch (e) {
          // The same bounded backoff (and Retry-After) as the agent's own model calls.
          const delay = retryDelay(e, tried, DEFAULT_RETRY);
          if (delay === undefined || signal.aborted) throw e;
          await sleep(delay, signal);
        }
      }
    },
  };
}
