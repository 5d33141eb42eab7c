/**
 * What one loop is given beyond its run's context (runContext.ts): the question it works on and where
 * it picks up. Kept apart from the loop so the modules it uses (resume.ts) can name it without importing it.
 */
import type { AgentEvent } from '../events';
import type { Consent } from '../consent/consent';

export interface LoopTask {
  question: string;
  /** Events of an earlier run of the same question to continue from (its trajectory file). */
  resume?: readonly AgentEvent[];
  /** A subagent or a later attempt shares its run's Consent: same policy, grants and index of what was read. */
  sharedConsent?: Consent;
  /** false: at the turn cap or the context limit the loop ends without a last answer-only turn (attempts summarise instead). */
  finalTurn?: boolean;
}
