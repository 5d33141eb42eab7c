/**
 * What earlier searches of a tree taught about the cost of its pieces (ripgrepPlan.ts), so the groups
 * of the next search end together. Pieces start weighed by kind (a folder as FOLDER_WEIGHT files),
 * since sizes are unknown without a walk; a search in which every group's rg ran to its end says how
 * long each group took, and the costs of a group's pieces are scaled so that they add up to that
 * time. The next search of the same pieces is cut at equal cost: two or three searches in, the
 * processes finish within a few pieces of each other. Kept per tree, for the last few trees.
 */

/** A folder is weighed as this many files until a search has measured it. */
export const FOLDER_WEIGHT = 10;
const TREES_KEPT = 8;

const learned = new Map<string, { paths: string[]; costs: number[] }>();

/** The pieces' costs: learned for these very pieces, else their weights. */
export function pieceCosts(key: string, paths: readonly string[], isDir: readonly boolean[]): number[] {
  const known = learned.get(key);
  if (known && known.paths.length === paths.length && known.paths.every((p, i) => p === paths[i])) return [...known.costs];
  return isDir.map((dir) => (dir ? FOLDER_WEIGHT : 1));
}

/**
 * After a search in which every group ran to its end: each group's pieces are scaled so their costs
 * add up to the milliseconds its rg took. `costs` are the ones the groups were cut with.
 */
export function learnCosts(key: string, groups: readonly string[][], costs: readonly number[], durations: readonly number[]): void {
  const scaled: number[] = [];
  let at = 0;
  groups.forEach((group, g) => {
    const own = costs.slice(at, at + group.length);
    const sum = own.reduce((a, b) => a + b, 0);
    const factor = sum > 0 ? (durations[g] as number) / sum : 1;
    scaled.push(...own.map((c) => Math.max(c * factor, 1e-3)));
    at += group.length;
  });
  learned.delete(key);
  learned.set(key, { paths: groups.flat(), costs: scaled });
  for (const old of learned.keys()) if (learned.size > TREES_KEPT) learned.delete(old);
}

/**
 * Consecutive groups of near-equal cost, at most `count`: each group ends at the piece boundary
 * nearest its share of what is left.
 */
export function groupByCost(paths: readonly string[], costs: readonly number[], count: number): string[][] {
  let left = costs.reduce((a, b) => a + b, 0);
  const groups: string[][] = [];
  let group: string[] = [];
  let sum = 0;
  paths.forEach((path, i) => {
    const cost = costs[i] as number;
    const share = left / (count - groups.length);
    // Close the group before this piece when that lands nearer the share than closing after it.
    if (group.length > 0 && groups.length < count - 1 && sum + cost - share > share - sum) {
      groups.push(group);
      left -= sum;
      group = [];
      sum = 0;
    }
    group.push(path);
    sum += cost;
  });
  if (group.length > 0) groups.push(group);
  return groups;
}
