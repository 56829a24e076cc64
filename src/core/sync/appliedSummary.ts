import { count } from '../text/counts';
import type { PlanAction } from './syncPlan';

const DONE: Record<Exclude<PlanAction, 'unchanged'>, string> = {
  upload: 'uploaded',
  update: 'updated',
  conflict: 'overwritten in S3',
  pull: 'pulled',
  'delete-remote': 'deleted from S3',
};

/** What a folder sync did, as a sentence part: "6 files uploaded, 1 file deleted from S3". */
export function appliedSummary(applied: Readonly<Record<PlanAction, number>>): string {
  const parts = (Object.keys(DONE) as (keyof typeof DONE)[]).filter((a) => applied[a] > 0).map((a) => `${count(applied[a], 'file')} ${DONE[a]}`);
  return parts.join(', ') || 'nothing to do';
}
