// start-once.ts: work begun at the first of several moments (when the
// compiler starts, else when its result is needed) and shared after.

/**
 * startOnce returns a function that starts the work on its first call and
 * returns the same promise on every call. A rejection waits for whoever
 * awaits it; it is never an unhandled rejection in the meantime.
 */
export function startOnce<T>(start: () => Promise<T>): () => Promise<T> {
  let started: Promise<T> | null = null;
  return () => {
    if (started === null) {
      started = start();
      started.catch(() => {});
    }
    return started;
  };
}
