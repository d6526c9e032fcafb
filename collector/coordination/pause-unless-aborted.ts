// The wait between two runs of a led fleet job: over after `ms`, or as soon as the job's signal aborts
// (its leadership is lost or the collector stops), also when it had aborted before the wait began.
export function pauseUnlessAborted(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    // The servers keep the process alive, never a job's timer.
    timer.unref();
    signal.addEventListener('abort', done, { once: true });
  });
}
