/**
 * Runs the builtin search's pieces on a runner's threads and puts their lines back in path order.
 * Pieces are handed out one at a time in path order, to whichever thread is free, so a large piece
 * holds up one thread only; once few pieces are left, a folder is split into its entries instead of
 * scanned whole, so the last pieces are small and the threads finish together. Everything stops once
 * the pieces done, in order, hold the first `need` lines.
 */
import type { SearchMatch } from '../../tools/workspace/port';
import type { PieceRunner } from './scanPool';
import type { Piece, ScanSpec } from './treeScan';

/** Folders are split instead of scanned while fewer than this many pieces per thread wait. */
const SPLIT_BELOW = 4;

interface Slot {
  piece: Piece;
  state: 'waiting' | 'running' | 'done';
  matches: SearchMatch[];
}

let searches = 0;

export async function scanInOrder(pieces: Piece[], spec: ScanSpec, runner: PieceRunner, signal?: AbortSignal): Promise<SearchMatch[]> {
  const search = ++searches;
  const slots: Slot[] = pieces.map((piece) => ({ piece, state: 'waiting', matches: [] }));
  let finished = false;
  const finish = (): void => {
    finished = true;
    if (spec.stop) Atomics.store(spec.stop, 0, 1); // pieces still being scanned stop at their next file
  };
  /** Done once the finished pieces, in order, hold `need` lines. */
  const settle = (): void => {
    let total = 0;
    for (const slot of slots) {
      if (slot.state !== 'done') return;
      total += slot.matches.length;
      if (total >= spec.need) return finish();
    }
  };
  const lane = async (): Promise<void> => {
    while (!finished) {
      signal?.throwIfAborted();
      const slot = slots.find((s) => s.state === 'waiting');
      if (!slot) return;
      slot.state = 'running';
      const waiting = slots.reduce((n, s) => n + (s.state === 'waiting' ? 1 : 0), 0);
      const split = slot.piece.isDir && waiting < runner.size * SPLIT_BELOW;
      const result = await runner.run({ search, spec, piece: slot.piece, split });
      if (result.kind === 'split') {
        slots.splice(slots.indexOf(slot), 1, ...result.pieces.map((piece): Slot => ({ piece, state: 'waiting', matches: [] })));
      } else {
        slot.matches = result.matches;
        slot.state = 'done';
      }
      settle();
    }
  };
  const onAbort = (): void => finish();
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    await Promise.all(Array.from({ length: runner.size }, lane));
  } finally {
    signal?.removeEventListener('abort', onAbort);
    finish();
  }
  signal?.throwIfAborted();
  return slots.flatMap((s) => s.matches).slice(0, spec.need);
}
