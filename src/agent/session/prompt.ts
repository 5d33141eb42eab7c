/** The words of a research session (session.ts): the record a follow-up starts from, and the fold of old turns. */

export const RECORD_INTRO =
  'This question follows earlier ones in the same research session. Below are the earlier questions, the answers given, ' +
  'and the lines of the files and the pages those answers cited, exactly as they read then. That evidence counts as seen ' +
  'in this run: you may cite it as it is. Files may have changed since; read them again when it matters. ' +
  'Build on what was established instead of repeating the work.';

/** The task a follow-up's loop is given: the record, then what the user asked now. */
export function followUpTask(record: string, question: string): string {
  return `${record}\n\n## Follow-up question\n\n${question}`;
}

export const FOLD_SYSTEM =
  'You condense the oldest turns of a research session (a question, the answer it got, the evidence cited) so that later ' +
  'questions can build on them without the full text. You cannot call tools. Write only the summary.';

export function foldInstruction(words: number): string {
  return (
    `Summarise the turns above for the rest of the session in at most ${words} words. Keep every established fact with ` +
    `its source exactly as cited (path:line or URL) and the shortest quote that carries it; keep what stayed open or ` +
    `uncertain; drop reasoning and repetition. Use one short section per question, oldest first.`
  );
}

/** What a turn's answer says when it has none. */
export function noAnswer(stopReason: string | undefined): string {
  if (stopReason === undefined) return '(no answer: the turn did not finish)';
  if (stopReason === 'cancelled') return '(no answer: the turn was stopped)';
  return `(no answer: the turn ended with ${stopReason.replace(/_/g, ' ')})`;
}
