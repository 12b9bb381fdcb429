import { type FieldError, notFound, ProblemError } from '../../http/problem.js';

/** One line of a bulk answer (`bulkResultSchema`): done, or the problem the single-id operation would have answered. */
export interface BulkItemResult {
  id: string;
  ok: boolean;
  invitationId: string | null;
  error: { status: number; type: ProblemError['slug']; detail: string; errors?: FieldError[] } | null;
}

/**
 * Runs `work` once per distinct id, in request order; a problem of one id becomes its result and the others go on
 * (each `work` commits on its own). An id outside `visible` (missing, or out of the caller's scope) fails as not found
 * without running. Anything that is not a `ProblemError` is a bug and fails the request.
 */
export async function eachId(
  ids: string[],
  visible: Set<string>,
  work: (id: string) => Promise<{ invitationId?: string }>,
): Promise<{ results: BulkItemResult[] }> {
  const results: BulkItemResult[] = [];
  for (const id of new Set(ids)) {
    try {
      if (!visible.has(id)) throw notFound('Work order', id);
      const done = await work(id);
      results.push({ id, ok: true, invitationId: done.invitationId ?? null, error: null });
    } catch (err) {
      if (!(err instanceof ProblemError)) throw err;
      results.push({
        id,
        ok: false,
        invitationId: null,
        error: {
          status: err.status,
          type: err.slug,
          detail: err.message,
          ...(err.errors?.length ? { errors: err.errors } : {}),
        },
      });
    }
  }
  return { results };
}
