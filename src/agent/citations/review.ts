/**
 * The loop's citation check: fed every event of the run (so it knows what the agent saw), it checks
 * an answer's citations and, in repair mode, says when and how to send the answer back to the model
 * (at most `maxRounds` times per run, counted from the run's own citation_report events so a resumed
 * run keeps its count).
 */
import type { AgentEvent } from '../events';
import { Evidence } from './evidence';
import { extractCitations } from './extract';
import { needsRepair, repairMessage } from './report';
import type { CheckedCitation, CitationMode, FileSource } from './types';
import { verifyCitations } from './verify';

export interface CitationReviewOptions {
  mode: Exclude<CitationMode, 'off'>;
  files: FileSource;
  workspaceRoot?: string;
  /** Repair rounds per run (default 1). */
  maxRounds?: number;
}

export interface CitationReview {
  round: number;
  citations: CheckedCitation[];
  /** Set when the answer goes back to the model: the message it gets. */
  repair?: string;
}

/** What the loop needs from a reviewer (AgentOptions.citations). */
export interface AnswerReviewer {
  observe(event: AgentEvent): void;
  review(answer: string, canRepair: boolean): Promise<CitationReview>;
}

export class CitationReviewer implements AnswerReviewer {
  private readonly evidence: Evidence;
  private rounds = 0;

  constructor(private readonly o: CitationReviewOptions) {
    this.evidence = new Evidence(o.workspaceRoot);
  }

  observe(event: AgentEvent): void {
    if (event.type === 'citation_report') {
      if (event.repair) this.rounds = Math.max(this.rounds, event.round + 1);
      return;
    }
    this.evidence.observe(event);
  }

  async review(answer: string, canRepair: boolean): Promise<CitationReview> {
    const citations = await verifyCitations(extractCitations(answer, { workspaceRoot: this.o.workspaceRoot }), this.evidence, this.o.files);
    const round = this.rounds;
    const mayRepair = canRepair && this.o.mode === 'repair' && round < (this.o.maxRounds ?? 1);
    if (!mayRepair || !citations.some(needsRepair)) return { round, citations };
    return { round, citations, repair: repairMessage(citations) };
  }
}

/** Checks a finished answer against a recorded run (Insert Findings, export, tests). */
export async function checkAnswer(
  answer: string,
  events: Iterable<AgentEvent>,
  files: FileSource,
  workspaceRoot?: string,
): Promise<CheckedCitation[]> {
  return verifyCitations(extractCitations(answer, { workspaceRoot }), Evidence.from(events, workspaceRoot), files);
}
