/**
 * Runs `fn` over `items` with at most `limit` calls in flight (a p-limit pool), and waits for all.
 * After the first rejection no further item starts; that rejection is rethrown once the calls
 * already started have settled, so a failure never leaves writes running behind the caller's back.
 */
import pLimit from "p-limit";

export async function forEachConcurrent<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let failure: { error: unknown } | undefined;
  await pLimit(Math.max(1, limit)).map(items, async (item) => {
    if (failure !== undefined) return;
    try {
      await fn(item);
    } catch (error) {
      failure ??= { error };
    }
  });
  if (failure !== undefined) throw failure.error;
}
