/**
 * The words of the attempts layer (attempts.ts): how the model says it could not finish, the
 * summary it writes without tools at the end of such an attempt, and the task a fresh attempt
 * starts from. After MiroThinker's failure summaries and "Previous Attempts Analysis".
 */
import type { AttemptOutcome, AttemptSummaryEvent } from '../events';

/** The line that starts a reply in which the model says it could not finish (looked for only at the very start). */
export const INCOMPLETE_MARKER = 'ATTEMPT INCOMPLETE';

export function gaveUp(answer: string): boolean {
  return answer.trimStart().startsWith(INCOMPLETE_MARKER);
}

/** Extra system-prompt text for every attempt but the last. */
export function attemptInstructions(attempt: number, of: number): string {
  return (
    `This is attempt ${attempt} of ${of} at this question. If you find you cannot answer it with confidence ` +
    `(you are blocked, out of leads, or the evidence does not settle it), do not guess: reply without a tool call, ` +
    `starting with the line "${INCOMPLETE_MARKER}", then say what you established and what stopped you. ` +
    `A fresh attempt will start from your notes.`
  );
}

export const SUMMARY_SYSTEM =
  'You review one attempt of a research agent at a question. The attempt ended without an answer it was confident in. ' +
  'Its whole conversation follows. You cannot call tools. Write the notes a fresh attempt will start from.';

const REASONS: Record<AttemptSummaryEvent['reason'], string> = {
  max_turns: 'The attempt used all the tool calls it was allowed.',
  context_limit: 'The attempt filled its context window.',
  no_answer: 'The attempt ended without giving an answer.',
  gave_up: 'The agent said it could not finish.',
};

export function summaryInstruction(reason: AttemptSummaryEvent['reason']): string {
  return (
    `${REASONS[reason]} Do not call any tool and do not answer the question. Write a summary of this attempt for ` +
    `the next one, in exactly this shape:\n\n` +
    `OUTCOME: one of incomplete (ran out of steps or room before finishing), blocked (a tool, file or page that was needed ` +
    `could not be reached), misdirected (followed a wrong lead for most of the attempt), format_missed (found the answer ` +
    `but did not give it in the form asked)\n` +
    `## Established\n- each fact found, with its source (path:line or URL)\n` +
    `## Dead ends\n- what was tried and did not help, so it is not repeated\n` +
    `## Next\n- the most promising things to try next, most promising first\n\n` +
    `Be concrete and brief; only what the conversation shows.`
  );
}

const OUTCOMES: readonly AttemptOutcome[] = ['incomplete', 'blocked', 'misdirected', 'format_missed'];

/** The outcome named on the summary's OUTCOME line; "incomplete" when it names none. */
export function outcomeOf(summary: string): AttemptOutcome {
  const m = /^\s*\**OUTCOME\**\s*:\s*\**\s*([a-z_ ]+)/im.exec(summary);
  const word = m?.[1].trim().toLowerCase().replace(/\s+/g, '_') ?? '';
  return OUTCOMES.find((o) => word.startsWith(o)) ?? 'incomplete';
}

/** The task a fresh attempt starts from: the question, then every earlier attempt's summary. */
export function attemptTask(question: string, summaries: readonly Pick<AttemptSummaryEvent, 'attempt' | 'summary'>[]): string {
  if (summaries.length === 0) return question;
  const notes = summaries.map((s) => `### Attempt ${s.attempt}\n${s.summary.trim()}`).join('\n\n');
  return (
    `${question}\n\n## Previous attempts analysis\n` +
    `Earlier attempts at this question ended without a confident answer. Their notes follow: build on what they ` +
    `established (check it if it matters), do not repeat their dead ends, and start with what they suggest next.\n\n${notes}`
  );
}
