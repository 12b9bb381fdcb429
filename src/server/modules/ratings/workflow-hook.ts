import type { DbOrTx } from '../../db/client.js';
import { completeRatingNodeOnSubmission } from '../workflows/nodes.service.js';

/**
 * Completes the work order's rating node when a customer submits (the workflows module owns the node). The
 * submission runs in a transaction and calls it after the rating is stored, so the node and the rating commit
 * together. Set to null, the submission is a single statement without a transaction (one round trip fewer than
 * three), which is what the benchmark's "without workflow" line measures.
 */
export let completeRatingNode: ((tx: DbOrTx, invitationId: string) => Promise<unknown>) | null =
  completeRatingNodeOnSubmission;

/** For the benchmark only: measure the submission with and without the workflow step. */
export function setRatingNodeHook(hook: typeof completeRatingNode): void {
  completeRatingNode = hook;
}
