// The turn engine's browser client: what a web app or an extension needs to let an agent use the
// person's browser in `browser_session` turns. No dependencies; load it with a <script> tag and use
// globalThis.TurnEngineBrowserClient:
//
//   const { EventStream, BrowserClient } = TurnEngineBrowserClient;
//   const client = new BrowserClient({ token: () => myToken, handlers: { computer_read_page: async () => '…' } });
//   client.start();                 // presence heartbeats begin
//   client.follow(conversationId);  // or feed events you already read: client.accept(conversationId, type, event)
//
// EventStream reads a conversation's event stream with fetch() (EventSource cannot send the
// Authorization header), resumes after the last applied event with Last-Event-ID, and hands each event
// on once, in order. BrowserClient keeps the caller's browser presence alive, watches for `tool_call`
// events with executor "browser", runs each through the host's handler (after a person's approve when
// the call needs one) and posts the result to the call's tool-calls route.
'use strict';

(() => {
  const MAX_RETRY_MS = 30000;

  function sleep(ms) {
    return new Promise((resolve) => setTimeout(resolve, ms));
  }

  function bearer(token) {
    return { 'Authorization': 'Bearer ' + (typeof token === 'function' ? token() : token) };
  }

  /** Follows one conversation's events, reconnecting after drops without losing or repeating any. */
  class EventStream {
    /**
     * options: baseUrl (default ''), token (string or function), conversationId, after (the last seq
     * already applied, default 0: the whole conversation), onEvent(type, event), onConnection(state)
     * with state 'live' | 'reconnecting' | 'closed', onFatal(status, problem) for 400/401/404.
     */
    constructor(options) {
      this.options = options;
      this.lastSeq = options.after || 0;
      this.retryMs = 2000;
      this.stopped = false;
      this.controller = null;
    }

    start() {
      this.loop();
      return this;
    }

    stop() {
      this.stopped = true;
      if (this.controller) {
        this.controller.abort();
      }
    }

    connection(state) {
      if (this.options.onConnection) {
        this.options.onConnection(state);
      }
    }

    async loop() {
      const o = this.options;
      let failures = 0;
      while (!this.stopped) {
        this.controller = new AbortController();
        try {
          const response = await fetch((o.baseUrl || '') + '/v1/api/conversations/' + o.conversationId + '/stream', {
            headers: Object.assign(bearer(o.token), {
              'Accept': 'text/event-stream',
              'Last-Event-ID': String(this.lastSeq),
            }),
            cache: 'no-store',
            signal: this.controller.signal,
          });
          if (response.status === 401 || response.status === 404 || response.status === 400) {
            const problem = await response.json().catch(() => null);
            this.stopped = true;
            this.connection('closed');
            if (o.onFatal) {
              o.onFatal(response.status, problem);
            }
            return;
          }
          if (!response.ok || !response.body) {
            throw new Error('stream answered HTTP ' + response.status);
          }
          this.connection('live');
          failures = 0;
          await this.read(response.body);
        } catch (error) {
          failures += 1;
        }
        if (this.stopped) {
          return;
        }
        // The stream ended or broke (network drop, server restart, reader too slow): resume after lastSeq.
        this.connection('reconnecting');
        await sleep(Math.min(this.retryMs * Math.max(1, failures), MAX_RETRY_MS));
      }
    }

    // Parses text/event-stream as the HTML standard describes, chunk by chunk.
    async read(body) {
      const reader = body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      let pending = { data: null, type: '' };
      for (;;) {
        const { value, done } = await reader.read();
        if (done || this.stopped) {
          return;
        }
        buffer += value;
        for (;;) {
          const match = /\r\n|\r|\n/.exec(buffer);
          if (!match || (match[0] === '\r' && match.index === buffer.length - 1)) {
            break; // no whole line yet (a lone CR may be the first half of CRLF)
          }
          const line = buffer.slice(0, match.index);
          buffer = buffer.slice(match.index + match[0].length);
          if (line === '') {
            if (pending.data !== null) {
              this.dispatch(pending.type || 'message', pending.data);
            }
            pending = { data: null, type: '' };
          } else if (!line.startsWith(':')) {
            const colon = line.indexOf(':');
            const field = colon < 0 ? line : line.slice(0, colon);
            let fieldValue = colon < 0 ? '' : line.slice(colon + 1);
            if (fieldValue.startsWith(' ')) {
              fieldValue = fieldValue.slice(1);
            }
            if (field === 'data') {
              pending.data = pending.data === null ? fieldValue : pending.data + '\n' + fieldValue;
            } else if (field === 'event') {
              pending.type = fieldValue;
            } else if (field === 'retry' && /^\d+$/.test(fieldValue)) {
              this.retryMs = Number(fieldValue);
            }
          }
        }
      }
    }

    dispatch(type, data) {
      let event;
      try {
        event = JSON.parse(data);
      } catch (e) {
        return;
      }
      if (typeof event.seq !== 'number' || event.seq <= this.lastSeq || this.stopped) {
        return; // already applied: a replay after reconnecting overlaps nothing, but be sure
      }
      this.lastSeq = event.seq;
      this.options.onEvent(type, event);
    }
  }

  /** Runs the computer_* calls of browser_session turns through the host page's handlers. */
  class BrowserClient {
    /**
     * options: baseUrl (default ''), token (string or function), handlers ({ computer_click: async
     * (args) => result, … }; a result is a string, { output, is_error } or { image_b64, content_type }),
     * heartbeatMs (the first interval, default 10000; afterwards a third of the presence the server grants,
     * TURNS_BROWSER_PRESENCE_SECONDS), onActivity(call, phase)
     * with phase 'running' | 'answered' | 'failed' (optional), onPresence(connected, error) (optional).
     */
    constructor(options) {
      this.options = Object.assign({ baseUrl: '', heartbeatMs: 10000, settleMs: 150 }, options);
      this.calls = new Map(); // call key -> pending call, in arrival order
      this.running = false;
      this.timer = null;
      this.heartbeat = null;
      this.stream = null;
      this.started = false;
      this.onPageHide = () => this.sendDisconnect(true);
    }

    /** Marks this browser present now and keeps it so with heartbeats until stop(). */
    start() {
      if (this.started) {
        return this;
      }
      this.started = true;
      this.beat();
      addEventListener('pagehide', this.onPageHide);
      return this;
    }

    /** Stops heartbeats and streams, forgets waiting calls and tells the server this browser is gone. */
    async stop() {
      if (!this.started) {
        return;
      }
      this.started = false;
      clearTimeout(this.heartbeat);
      removeEventListener('pagehide', this.onPageHide);
      if (this.stream) {
        this.stream.stop();
        this.stream = null;
      }
      this.calls.clear();
      await this.sendDisconnect(false);
    }

    /** Follows a conversation's stream itself, for hosts that do not read it already. */
    follow(conversationId, after) {
      if (this.stream) {
        this.stream.stop();
      }
      this.stream = new EventStream({
        baseUrl: this.options.baseUrl, token: this.options.token, conversationId, after: after || 0,
        onEvent: (type, event) => this.accept(conversationId, type, event),
      }).start();
      return this.stream;
    }

    // One heartbeat, then the next at a third of the presence the server granted (its clock decides).
    async beat() {
      let next = this.options.heartbeatMs;
      try {
        const sent = Date.now();
        const response = await fetch(this.options.baseUrl + '/v1/api/browser/presence', {
          method: 'PUT', headers: bearer(this.options.token), cache: 'no-store',
        });
        const body = response.ok ? await response.json().catch(() => null) : null;
        const granted = body && Date.parse(body.expires_at) - Date.parse(response.headers.get('Date') || '');
        if (granted > 0) {
          next = Math.max(1000, Math.min(granted / 3 - (Date.now() - sent), 60000));
        }
        this.presence(response.ok, response.ok ? null : new Error('presence answered HTTP ' + response.status));
      } catch (error) {
        this.presence(false, error);
      }
      if (this.started) {
        clearTimeout(this.heartbeat);
        this.heartbeat = setTimeout(() => this.beat(), next);
      }
    }

    presence(connected, error) {
      if (this.options.onPresence) {
        this.options.onPresence(connected, error);
      }
    }

    sendDisconnect(keepalive) {
      return fetch(this.options.baseUrl + '/v1/api/browser/presence', {
        method: 'DELETE', headers: bearer(this.options.token), keepalive,
      }).then(() => this.presence(false, null), () => this.presence(false, null));
    }

    /**
     * Takes one event of a conversation's stream (in order, each once). Calls answered in the stream
     * (a tool_result, a deny, the turn's final) are forgotten, so a replayed conversation runs nothing
     * twice; the rest run a moment after the events stop arriving, one at a time.
     */
    accept(conversationId, type, event) {
      if (!this.started) {
        return;
      }
      const key = conversationId + '/' + event.turn_id + '/' + event.call_id;
      switch (type) {
        case 'tool_call':
          if (event.executor === 'browser') {
            this.calls.set(key, {
              key, conversationId, turnId: event.turn_id, callId: event.call_id, name: event.name,
              arguments: event.arguments || {}, approved: !event.requires_approval,
            });
          }
          break;
        case 'tool_decision': {
          const call = this.calls.get(key);
          if (call && event.decision === 'approve') {
            call.approved = true;
          } else if (call) {
            this.calls.delete(key);
          }
          break;
        }
        case 'tool_result':
          this.calls.delete(key);
          break;
        case 'final':
          for (const [other, call] of this.calls) {
            if (call.turnId === event.turn_id && call.conversationId === conversationId) {
              this.calls.delete(other);
            }
          }
          break;
        default:
          return;
      }
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.pump(), this.options.settleMs);
    }

    async pump() {
      if (this.running) {
        return;
      }
      this.running = true;
      try {
        for (;;) {
          const call = [...this.calls.values()].find((candidate) => candidate.approved);
          if (!call || !this.started) {
            return;
          }
          this.calls.delete(call.key);
          await this.run(call);
        }
      } finally {
        this.running = false;
      }
    }

    async run(call) {
      this.activity(call, 'running');
      const handler = this.options.handlers[call.name];
      let answer;
      try {
        if (!handler) {
          throw new Error('this browser has no handler for ' + call.name);
        }
        answer = BrowserClient.answer(await handler(call.arguments, call));
      } catch (error) {
        answer = { output: 'tool_failed: ' + (error && error.message ? error.message : String(error)), is_error: true };
      }
      const delivered = await this.post(call, answer);
      this.activity(call, delivered ? 'answered' : 'failed');
    }

    /** A handler's return value as the tool-calls route takes it. */
    static answer(result) {
      if (typeof result === 'string') {
        return { output: result, is_error: false };
      }
      if (result && typeof result.image_b64 === 'string') {
        return { image_b64: result.image_b64, content_type: result.content_type || 'image/png' };
      }
      if (result && typeof result.output === 'string') {
        return { output: result.output, is_error: !!result.is_error };
      }
      return { output: JSON.stringify(result === undefined ? null : result), is_error: false };
    }

    async post(call, answer) {
      const path = this.options.baseUrl + '/v1/api/conversations/' + call.conversationId + '/turns/' + call.turnId
          + '/tool-calls/' + encodeURIComponent(call.callId);
      for (let attempt = 1; attempt <= 4; attempt++) {
        try {
          const response = await fetch(path, {
            method: 'POST',
            headers: Object.assign(bearer(this.options.token), { 'Content-Type': 'application/json' }),
            body: JSON.stringify(answer),
            cache: 'no-store',
          });
          if (response.ok) {
            return true;
          }
          if (response.status !== 503) {
            return false; // 409: answered already, timed out or the turn ended; 404: not this tenant's
          }
        } catch (error) {
          // a network error: the same answer again is safe, the route takes repeats as idempotent
        }
        await sleep(300 * attempt);
      }
      return false;
    }

    activity(call, phase) {
      if (this.options.onActivity) {
        this.options.onActivity(call, phase);
      }
    }
  }

  globalThis.TurnEngineBrowserClient = Object.freeze({ EventStream, BrowserClient });
})();
