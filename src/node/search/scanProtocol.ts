/** Messages between the builtin search and its worker threads. */
import type { Piece, PieceResult, ScanSpec } from './treeScan';

export interface PieceRequest {
  id: number;
  /** Which search the piece belongs to: a worker keeps its scanner while this stays the same. */
  search: number;
  spec: ScanSpec;
  piece: Piece;
  /** Hand back a folder's entries as pieces instead of scanning it. */
  split: boolean;
}

export type PieceReply = { id: number; result: PieceResult } | { id: number; error: string };
