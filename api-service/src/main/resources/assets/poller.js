// One polling loop: waits between requests as the server asks (poll_after_ms), pauses while the
// tab is hidden (no one is looking, so no load on the server), backs off exponentially up to 30 s
// when the server cannot be reached, and honours Retry-After on 429.

const MIN_DELAY_MS = 1000;
const MAX_BACKOFF_MS = 30_000;

/**
 * @param load      async () => result
 * @param onResult  (result) => delay in ms before the next poll, or null to stop (final state)
 * @param onConnection ({ state: 'ok'|'reconnecting'|'busy'|'error', delayMs?, error? }) => void
 *                  'error' means a non-transient failure (e.g. 404): polling stops.
 */
export function createPoller({ load, onResult, onConnection = () => {} }) {
  let running = false;
  let timer = null;
  let busyGen = -1; // the generation whose request is in flight, if any
  let failures = 0;
  let generation = 0; // results of a run that was stopped or restarted are ignored

  function schedule(delayMs) {
    clearTimeout(timer);
    timer = null;
    if (!running || document.hidden) return; // visibilitychange resumes
    timer = setTimeout(tick, Math.max(MIN_DELAY_MS, delayMs));
  }

  async function tick() {
    timer = null;
    const gen = generation;
    if (!running || busyGen === gen || document.hidden) return;
    busyGen = gen;
    let result;
    let error = null;
    try {
      result = await load();
    } catch (e) {
      error = e;
    } finally {
      if (busyGen === gen) busyGen = -1;
    }
    if (gen !== generation || !running) return;

    if (error) {
      if (error.status === 429) {
        onConnection({ state: 'busy', delayMs: error.retryAfterMs ?? 5000 });
        schedule(error.retryAfterMs ?? 5000);
      } else if (error.transient) {
        failures += 1;
        const delayMs = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** failures);
        onConnection({ state: 'reconnecting', delayMs, error });
        schedule(delayMs);
      } else {
        running = false;
        onConnection({ state: 'error', error });
      }
      return;
    }

    failures = 0;
    onConnection({ state: 'ok' });
    let next = null;
    try {
      next = onResult(result);
    } catch (e) {
      // A rendering bug must not turn into a request storm or a frozen page: keep polling slowly.
      console.error(e);
      next = 5000;
    }
    if (next == null) running = false;
    else schedule(next);
  }

  function onVisibility() {
    if (document.hidden) {
      clearTimeout(timer);
      timer = null;
    } else if (running && !timer && busyGen !== generation) {
      tick(); // back on the tab: show fresh numbers at once
    }
  }

  function onOnline() {
    if (running && failures > 0 && busyGen !== generation) {
      clearTimeout(timer);
      tick();
    }
  }

  document.addEventListener('visibilitychange', onVisibility);
  window.addEventListener('online', onOnline);

  return {
    /** Starts (or restarts) polling now. */
    start() {
      generation += 1;
      running = true;
      failures = 0;
      clearTimeout(timer);
      timer = null;
      tick();
    },
    stop() {
      generation += 1;
      running = false;
      clearTimeout(timer);
      timer = null;
    },
    /** Polls again soon, e.g. after an upload, without waiting out the current delay. */
    poke() {
      if (!running) this.start();
      else if (busyGen !== generation) {
        clearTimeout(timer);
        tick();
      }
    },
    get running() {
      return running;
    },
  };
}
