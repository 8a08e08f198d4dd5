// Live updates pushed by the server (Server-Sent Events), with polling as the fallback.
//
// The stream's first event is `ready`; then `status` events carry exactly the status answer a poll gets (their id is
// the session's version, which the browser resends as Last-Event-ID when it reconnects by itself), and a
// one-session stream ends with `end` after a final state. The stream is given up for polling when
//   - the server refuses it (an HTTP error: signed out, too many streams, an old server): EventSource closes;
//   - `ready` does not arrive within READY_TIMEOUT_MS: something between us and the server buffers the stream
//     (a proxy or a virus scanner), so events would come in lumps, or never;
//   - it cannot reconnect after MAX_RECONNECTS tries, or goes silent while something live is shown: the server
//     sends a live session at least every keep-alive (15 s), so three of those without a word means it is stuck.
// While the browser reconnects by itself the page says "Reconnecting…", as it does when polls fail.

const READY_TIMEOUT_MS = 10_000;
const MAX_RECONNECTS = 3;
const SILENT_KEEP_ALIVES = 3;

/** Whether the page may use polling: `?poll=off` keeps it on the event stream alone (tests, diagnostics). */
export function pollingAllowed() {
  return new URLSearchParams(window.location.search).get('poll') !== 'off';
}

/**
 * @param url          the stream's URL (/api/v1/events or /api/v1/sessions/{id}/events)
 * @param onStatus     (status body) => void, for each `status` event
 * @param onEnd        (end body) => void, after a final state (one-session streams)
 * @param onConnection ({ state: 'ok'|'reconnecting' }) => void
 * @param onFallback   (reason) => void: the stream was given up; poll instead
 * @param expectsEvents () => boolean: whether something live is shown (arms the silence check)
 */
export function createLiveStream({
  url, onStatus, onEnd = () => {}, onConnection = () => {}, onFallback, expectsEvents = () => false,
}) {
  let source = null;
  let lastEventId = null;
  let reconnects = 0;
  let readyTimer = null;
  let silenceTimer = null;
  let silenceMs = 45_000;
  let generation = 0;

  function clearTimers() {
    clearTimeout(readyTimer);
    clearTimeout(silenceTimer);
    readyTimer = null;
    silenceTimer = null;
  }

  function armSilence(gen) {
    clearTimeout(silenceTimer);
    silenceTimer = setTimeout(() => {
      if (gen !== generation) return;
      if (expectsEvents()) fail('silent', gen);
      else armSilence(gen);
    }, silenceMs);
  }

  function close() {
    generation += 1;
    clearTimers();
    if (source) source.close();
    source = null;
  }

  function fail(reason, gen) {
    if (gen !== generation) return;
    close();
    onFallback(reason);
  }

  function open(fromVersion) {
    close();
    const gen = generation;
    if (typeof window.EventSource !== 'function') {
      onFallback('unsupported');
      return;
    }
    if (fromVersion != null) lastEventId = String(fromVersion);
    const full = lastEventId != null ? `${url}?last_event_id=${encodeURIComponent(lastEventId)}` : url;
    reconnects = 0;
    source = new EventSource(full);
    readyTimer = setTimeout(() => fail('buffered', gen), READY_TIMEOUT_MS);

    source.addEventListener('ready', (e) => {
      if (gen !== generation) return;
      clearTimeout(readyTimer);
      reconnects = 0;
      try {
        const keepAlive = Number(JSON.parse(e.data).keep_alive_ms);
        if (keepAlive > 0) silenceMs = SILENT_KEEP_ALIVES * keepAlive;
      } catch {
        // an older server: keep the default
      }
      onConnection({ state: 'ok' });
      armSilence(gen);
    });
    source.addEventListener('status', (e) => {
      if (gen !== generation) return;
      if (e.lastEventId) lastEventId = e.lastEventId;
      armSilence(gen);
      try {
        onStatus(JSON.parse(e.data));
      } catch (err) {
        console.error(err); // a rendering bug must not end the stream
      }
    });
    source.addEventListener('end', (e) => {
      if (gen !== generation) return;
      close(); // else the browser would reconnect, and be told `end` again
      let body = {};
      try {
        body = JSON.parse(e.data);
      } catch {
        // nothing more to say
      }
      onEnd(body);
    });
    source.onerror = () => {
      if (gen !== generation) return;
      if (!source || source.readyState === EventSource.CLOSED) {
        fail('refused', gen); // an HTTP error: the browser does not retry those
        return;
      }
      reconnects += 1;
      clearTimeout(silenceTimer);
      if (reconnects > MAX_RECONNECTS) {
        fail('unreachable', gen);
        return;
      }
      onConnection({ state: 'reconnecting' });
      // The browser reconnects by itself (with Last-Event-ID); a buffering proxy would not send `ready` again.
      clearTimeout(readyTimer);
      readyTimer = setTimeout(() => fail('buffered', gen), READY_TIMEOUT_MS);
    };
  }

  return {
    /** Opens (or reopens) the stream; `fromVersion`: the version the page shows already. */
    start: open,
    stop: close,
    get open() {
      return source !== null;
    },
  };
}
