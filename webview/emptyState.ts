/**
 * What the trajectory area shows while it has no rows: a spinner only while the run can still produce
 * steps. A run that failed or was stopped before its first step says so, without anything that
 * suggests more is coming (its error is in the notice above).
 */
import type { RunStatus } from '../src/shared/panelProtocol';
import { icon } from './dom';

export function emptyStateNodes(status: RunStatus): (Node | string)[] {
  switch (status) {
    case 'running':
      return [icon('loading', 'codicon-modifier-spin'), ' Waiting for the run…'];
    case 'failed':
      return [icon('circle-slash'), ' The run did not start: no steps were taken.'];
    case 'stopped':
      return [icon('debug-stop'), ' Stopped before the first step.'];
    case 'done':
      return ['No steps.'];
  }
}
