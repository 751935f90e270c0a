// The turn engine's chat page: posts messages and follows the conversation's event stream.
//
// Browsers' EventSource cannot send an Authorization header, so the stream is read with fetch() and
// parsed here. The token lives in this tab's sessionStorage and travels only in that header. Every
// event carries its sequence number: after a network drop the page reconnects with Last-Event-ID set
// to the last one it applied, and it ignores any event it has already applied, so no text is lost or
// shown twice. The stream reader is the browser client's (browser-client.js); tool calls are drawn by
// chat-tools.js; with "Use my browser" on, messages start browser_session turns whose computer_* calls
// the browser client runs on the demo frame (demo-handlers.js).
'use strict';

(() => {
  const TOKEN_KEY = 'turn-engine.token';
  const CONVERSATIONS_KEY = 'turn-engine.conversations';
  const USE_BROWSER_KEY = 'turn-engine.use-browser';
  const { EventStream, BrowserClient } = globalThis.TurnEngineBrowserClient;

  const $ = (id) => document.getElementById(id);

  const state = {
    conversationId: null,
    stream: null,           // the EventStream of the open conversation
    turns: new Map(),       // turn id -> { element, text, status }
    runningTurn: null,
    browser: null,          // the BrowserClient while "Use my browser" is on
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
    if (state.stream) {
      state.stream.stop();
    }
    state.conversationId = id;
    state.turns.clear();
    state.runningTurn = null;
    $('transcript').replaceChildren();
    $('current-conversation').textContent = id;
    $('message').disabled = false;
    $('send').disabled = false;
    updateInterrupt();
    remember(id);
    showError(null);
    state.stream = new EventStream({
      token, conversationId: id, after: 0, // 0: the whole conversation, then live
      onEvent: (type, event) => {
        apply(type, event);
        if (state.browser) {
          state.browser.accept(id, type, event);
        }
      },
      onConnection: (name) => setConnection(name, { live: 'live', reconnecting: 'reconnecting…' }[name] || 'not connected'),
      onFatal: (status, problem) => showError(new ApiError(status, problem)),
    }).start();
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
          const body = state.browser ? { text, browser_session: true } : { text };
          await call('POST', path, body, { 'Idempotency-Key': key });
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
      case 'tool_call':
      case 'tool_decision':
      case 'tool_result':
        ChatTools.apply(turn.element, type, event, decide);
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
      for (const [tag, part] of [['p', 'user'], ['div', 'tools'], ['p', 'assistant'], ['p', 'status']]) {
        const child = document.createElement(tag);
        child.className = part;
        element.appendChild(child);
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

  async function decide(turnId, callId, body) {
    try {
      await call('POST', '/v1/api/conversations/' + state.conversationId + '/turns/' + turnId + '/tool-calls/'
          + encodeURIComponent(callId), body);
      showError(null);
    } catch (error) {
      showError(error);
    }
  }

  // ---- "Use my browser" ----------------------------------------------------------------------------

  function useBrowser(on) {
    sessionStorage.setItem(USE_BROWSER_KEY, on ? 'on' : 'off');
    $('use-browser').checked = on;
    if (on && !state.browser) {
      state.browser = new BrowserClient({
        token,
        handlers: ChatDemoHandlers.create($('demo-frame')),
        onPresence: (connected) => {
          $('browser-state').textContent = connected ? 'connected: the agent can use the demo page below'
              : 'not connected';
          $('browser-state').dataset.connected = String(connected);
        },
        onActivity: (toolCall, phase) => {
          $('browser-activity').textContent = phase === 'running' ? 'running ' + toolCall.name + '…'
              : toolCall.name + (phase === 'answered' ? ' answered' : ' could not be answered');
        },
      }).start();
    } else if (!on && state.browser) {
      state.browser.stop();
      state.browser = null;
    }
    $('browser-panel').hidden = !on;
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
    $('use-browser').addEventListener('change', () => useBrowser($('use-browser').checked));
    useBrowser(sessionStorage.getItem(USE_BROWSER_KEY) === 'on');
    showTokenState();
    knownConversations().slice().reverse().forEach(remember);
  });
})();
