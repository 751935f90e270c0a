// The turn engine's chat page: posts messages and follows the conversation's event stream.
//
// Browsers' EventSource cannot send an Authorization header, so the stream is read with fetch() and
// parsed here. The token lives in this tab's sessionStorage and travels only in that header. Every
// event carries its sequence number: after a network drop the page reconnects with Last-Event-ID set
// to the last one it applied, and it ignores any event it has already applied, so no text is lost or
// shown twice.
'use strict';

(() => {
  const TOKEN_KEY = 'turn-engine.token';
  const CONVERSATIONS_KEY = 'turn-engine.conversations';
  const MAX_RETRY_MS = 30000;

  const $ = (id) => document.getElementById(id);

  const state = {
    conversationId: null,
    generation: 0,          // bumped whenever another conversation is opened; older loops stop
    controller: null,       // aborts the current stream request
    lastSeq: 0,             // the last event applied; the stream resumes after it
    retryMs: 2000,          // from the server's retry: hint
    turns: new Map(),       // turn id -> { element, text, status }
    runningTurn: null,
  };

  // ---- token -------------------------------------------------------------------------------------

  function token() {
    return sessionStorage.getItem(TOKEN_KEY) || '';
  }

  function showTokenState() {
    $('token-state').textContent = token() ? 'token set' : 'no token';
    $('token').value = '';
  }

  // ---- HTTP --------------------------------------------------------------------------------------

  class ApiError extends Error {
    constructor(status, problem) {
      super(problem && problem.detail ? problem.detail : 'HTTP ' + status);
      this.status = status;
      this.code = problem && problem.code;
    }
  }

  async function call(method, path, body, extraHeaders) {
    const headers = Object.assign({ 'Authorization': 'Bearer ' + token() }, extraHeaders || {});
    const init = { method, headers, cache: 'no-store' };
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    const response = await fetch(path, init);
    const type = response.headers.get('Content-Type') || '';
    const json = type.includes('json') ? await response.json() : null;
    if (!response.ok) {
      throw new ApiError(response.status, json);
    }
    return json;
  }

  function randomKey() {
    // crypto.randomUUID needs a secure context; getRandomValues works everywhere.
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  }

  function sleep(ms) {
    return new Promise((resolve) => setTimeout(resolve, ms));
  }

  function showError(error) {
    $('error').textContent = error ? (error.code ? error.code + ': ' : '') + error.message : '';
  }

  // ---- conversations -----------------------------------------------------------------------------

  function knownConversations() {
    try {
      return JSON.parse(sessionStorage.getItem(CONVERSATIONS_KEY) || '[]');
    } catch (e) {
      return [];
    }
  }

  function remember(id) {
    const known = knownConversations().filter((other) => other !== id);
    known.unshift(id);
    sessionStorage.setItem(CONVERSATIONS_KEY, JSON.stringify(known.slice(0, 20)));
    const list = $('known-conversations');
    list.replaceChildren(...known.map((value) => Object.assign(document.createElement('option'), { value })));
  }

  async function createConversation() {
    const agent = $('agent').value.trim();
    const conversation = await call('POST', '/v1/api/conversations', agent ? { agent } : {});
    open(conversation.id);
  }

  function open(id) {
    state.generation += 1;
    if (state.controller) {
      state.controller.abort();
    }
    state.conversationId = id;
    state.lastSeq = 0;
    state.turns.clear();
    state.runningTurn = null;
    $('transcript').replaceChildren();
    $('current-conversation').textContent = id;
    $('message').disabled = false;
    $('send').disabled = false;
    updateInterrupt();
    remember(id);
    showError(null);
    follow(id, state.generation);
  }

  // ---- sending and interrupting -------------------------------------------------------------------

  async function send() {
    const text = $('message').value;
    if (!text.trim() || !state.conversationId) {
      return;
    }
    const path = '/v1/api/conversations/' + state.conversationId + '/messages';
    const key = randomKey(); // one per click: a retry after a network error cannot start a second turn
    $('send').disabled = true;
    try {
      for (let attempt = 1; ; attempt++) {
        try {
          await call('POST', path, { text }, { 'Idempotency-Key': key });
          $('message').value = '';
          showError(null);
          return;
        } catch (error) {
          const retriable = !(error instanceof ApiError) || error.status === 503;
          if (!retriable || attempt >= 4) {
            throw error;
          }
          await sleep(500 * attempt);
        }
      }
    } catch (error) {
      showError(error);
    } finally {
      $('send').disabled = false;
    }
  }

  async function interrupt() {
    if (!state.conversationId || state.runningTurn === null) {
      return;
    }
    // Name the turn on screen: a second click, arriving after it ended, must not stop the next one.
    const turnId = state.runningTurn;
    try {
      await call('POST', '/v1/api/conversations/' + state.conversationId + '/interrupt', { turn_id: turnId });
    } catch (error) {
      showError(error);
    }
  }

  function updateInterrupt() {
    $('interrupt').disabled = state.runningTurn === null;
  }

  // ---- the event stream --------------------------------------------------------------------------

  function setConnection(name, label) {
    $('connection').dataset.state = name;
    $('connection').textContent = label;
  }

  async function follow(conversationId, generation) {
    let failures = 0;
    while (generation === state.generation) {
      const controller = new AbortController();
      state.controller = controller;
      try {
        const response = await fetch('/v1/api/conversations/' + conversationId + '/stream', {
          headers: {
            'Authorization': 'Bearer ' + token(),
            'Accept': 'text/event-stream',
            'Last-Event-ID': String(state.lastSeq), // 0 on first open: the whole conversation, then live
          },
          cache: 'no-store',
          signal: controller.signal,
        });
        if (response.status === 401 || response.status === 404 || response.status === 400) {
          const problem = await response.json().catch(() => null);
          setConnection('closed', 'not connected');
          showError(new ApiError(response.status, problem));
          return;
        }
        if (!response.ok || !response.body) {
          throw new Error('stream answered HTTP ' + response.status);
        }
        setConnection('live', 'live');
        failures = 0;
        await readStream(response.body, generation);
      } catch (error) {
        if (generation !== state.generation) {
          return; // another conversation was opened: this loop was aborted on purpose
        }
        failures += 1;
      }
      if (generation !== state.generation) {
        return;
      }
      // The stream ended or broke (network drop, server restart, reader too slow): resume after lastSeq.
      setConnection('reconnecting', 'reconnecting…');
      await sleep(Math.min(state.retryMs * Math.max(1, failures), MAX_RETRY_MS));
    }
  }

  // Parses text/event-stream as the HTML standard describes, chunk by chunk.
  async function readStream(body, generation) {
    const reader = body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    let pending = { data: null, type: '' };
    for (;;) {
      const { value, done } = await reader.read();
      if (done || generation !== state.generation) {
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
            dispatch(pending.type || 'message', pending.data);
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
            state.retryMs = Number(fieldValue);
          }
        }
      }
    }
  }

  function dispatch(type, data) {
    let event;
    try {
      event = JSON.parse(data);
    } catch (e) {
      return;
    }
    if (typeof event.seq !== 'number' || event.seq <= state.lastSeq) {
      return; // already applied: a replay after reconnecting overlaps nothing, but be sure
    }
    state.lastSeq = event.seq;
    apply(type, event);
  }

  function apply(type, event) {
    const turn = turnFor(event.turn_id);
    switch (type) {
      case 'turn_accepted':
        turn.element.querySelector('.user').textContent = event.text;
        setStatus(turn, 'queued');
        break;
      case 'turn_started':
        setStatus(turn, 'running');
        state.runningTurn = event.turn_id;
        break;
      case 'text_delta':
        turn.text += event.delta;
        turn.element.querySelector('.assistant').textContent = turn.text;
        break;
      case 'final':
        if (turn.text !== event.text) {
          // The final text is the reply of record; a difference means deltas went missing. Say so.
          turn.element.dataset.repaired = 'true';
          turn.text = event.text;
          turn.element.querySelector('.assistant').textContent = turn.text;
        }
        setStatus(turn, event.status, event.error);
        if (state.runningTurn === event.turn_id) {
          state.runningTurn = null;
        }
        break;
      default:
        return; // event types this page does not know are ignored
    }
    updateInterrupt();
  }

  function turnFor(turnId) {
    let turn = state.turns.get(turnId);
    if (!turn) {
      const element = document.createElement('article');
      element.className = 'turn';
      element.dataset.turnId = turnId;
      for (const part of ['user', 'assistant', 'status']) {
        const paragraph = document.createElement('p');
        paragraph.className = part;
        element.appendChild(paragraph);
      }
      $('transcript').appendChild(element);
      turn = { element, text: '' };
      state.turns.set(turnId, turn);
    }
    return turn;
  }

  function setStatus(turn, status, error) {
    turn.element.dataset.status = status;
    turn.element.querySelector('.status').textContent =
        error ? status + ' — ' + error.code + ': ' + error.message : status;
  }

  // ---- wiring ------------------------------------------------------------------------------------

  function guard(action) {
    return (event) => {
      event.preventDefault();
      Promise.resolve(action()).catch(showError);
    };
  }

  document.addEventListener('DOMContentLoaded', () => {
    $('token-form').addEventListener('submit', guard(() => {
      const value = $('token').value.trim();
      if (value) {
        sessionStorage.setItem(TOKEN_KEY, value);
      }
      showTokenState();
    }));
    $('forget-token').addEventListener('click', guard(() => {
      sessionStorage.removeItem(TOKEN_KEY);
      showTokenState();
    }));
    $('new-form').addEventListener('submit', guard(createConversation));
    $('open-form').addEventListener('submit', guard(() => {
      const id = $('conversation-id').value.trim();
      if (id) {
        open(id);
      }
    }));
    $('message-form').addEventListener('submit', guard(send));
    $('message').addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
        guard(send)(event);
      }
    });
    $('interrupt').addEventListener('click', guard(interrupt));
    showTokenState();
    knownConversations().slice().reverse().forEach(remember);
  });
})();
