// Tool calls in the chat page's transcript: each `tool_call` becomes a collapsed entry (name and state
// in the summary; arguments and result inside), a call that needs approval shows Approve / Deny until
// its `tool_decision` arrives, and its `tool_result` fills in the result (error results marked). The
// entry's state follows from the events alone, so a page that replays the stream after a reconnect
// shows every call exactly as it was.
'use strict';

(() => {
  const LABELS = {
    'awaiting-approval': 'waiting for your approval',
    'running': 'running…',
    'waiting-browser': 'waiting for the browser…',
    'denied': 'denied',
    'done': 'done',
    'error': 'error',
  };

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text !== undefined) {
      node.textContent = text;
    }
    return node;
  }

  function setState(entry, state) {
    entry.dataset.state = state;
    entry.querySelector('.tool-state').textContent = LABELS[state] || state;
  }

  function pretty(value) {
    try {
      return JSON.stringify(value, null, 2);
    } catch (e) {
      return String(value);
    }
  }

  /** The approval prompt: Approve, or Deny with an optional reason; the decision comes back as an event. */
  function approvalPrompt(event, decide) {
    const prompt = element('div', 'approval');
    prompt.appendChild(element('span', 'approval-question', 'Allow ' + event.name + '?'));
    const approve = element('button', 'approve', 'Approve');
    const deny = element('button', 'deny', 'Deny');
    const reason = element('input', 'deny-reason');
    reason.type = 'text';
    reason.placeholder = 'reason for denying (optional)';
    reason.maxLength = 500;
    for (const button of [approve, deny]) {
      button.type = 'button';
    }
    const send = async (body) => {
      approve.disabled = deny.disabled = true;
      try {
        await decide(event.turn_id, event.call_id, body);
      } finally {
        approve.disabled = deny.disabled = false;
      }
    };
    approve.addEventListener('click', () => send({ decision: 'approve' }));
    deny.addEventListener('click', () => {
      const why = reason.value.trim();
      send(why ? { decision: 'deny', reason: why } : { decision: 'deny' });
    });
    prompt.append(approve, deny, reason);
    return prompt;
  }

  function entryFor(turnElement, callId) {
    for (const entry of turnElement.querySelectorAll('.tool')) {
      if (entry.dataset.callId === callId) {
        return entry;
      }
    }
    return null;
  }

  function toolCall(turnElement, event, decide) {
    if (entryFor(turnElement, event.call_id)) {
      return;
    }
    const entry = element('div', 'tool');
    entry.dataset.callId = event.call_id;
    entry.dataset.executor = event.executor || 'server';
    const details = element('details');
    const summary = element('summary');
    summary.append(element('span', 'tool-name', event.name),
        element('span', 'tool-executor', event.executor === 'browser' ? 'in your browser' : ''),
        element('span', 'tool-state'));
    details.append(summary, element('p', 'tool-label', 'Arguments'),
        element('pre', 'tool-arguments', pretty(event.arguments)),
        element('p', 'tool-label', 'Result'), element('pre', 'tool-result', '(none yet)'));
    entry.appendChild(details);
    if (event.requires_approval) {
      entry.appendChild(approvalPrompt(event, decide));
      setState(entry, 'awaiting-approval');
    } else {
      setState(entry, event.executor === 'browser' ? 'waiting-browser' : 'running');
    }
    turnElement.querySelector('.tools').appendChild(entry);
  }

  function toolDecision(turnElement, event) {
    const entry = entryFor(turnElement, event.call_id);
    if (!entry) {
      return;
    }
    const prompt = entry.querySelector('.approval');
    if (prompt) {
      prompt.remove();
    }
    entry.dataset.decision = event.decision;
    const note = event.decision === 'approve' ? 'approved' : 'denied' + (event.reason ? ': ' + event.reason : '');
    entry.querySelector('details').insertBefore(element('p', 'tool-decision', note),
        entry.querySelector('.tool-label'));
    if (event.decision === 'approve') {
      setState(entry, entry.dataset.executor === 'browser' ? 'waiting-browser' : 'running');
    } else {
      setState(entry, 'denied');
    }
  }

  function toolResult(turnElement, event) {
    const entry = entryFor(turnElement, event.call_id);
    if (!entry) {
      return;
    }
    const prompt = entry.querySelector('.approval');
    if (prompt) {
      prompt.remove();
    }
    entry.querySelector('.tool-result').textContent = event.output;
    entry.dataset.error = event.is_error ? 'true' : 'false';
    if (entry.dataset.state !== 'denied') {
      setState(entry, event.is_error ? 'error' : 'done');
    }
  }

  /**
   * Applies one tool event to the turn's element; returns false for other event types. decide(turnId,
   * callId, body) posts a person's decision.
   */
  function apply(turnElement, type, event, decide) {
    switch (type) {
      case 'tool_call':
        toolCall(turnElement, event, decide);
        return true;
      case 'tool_decision':
        toolDecision(turnElement, event);
        return true;
      case 'tool_result':
        toolResult(turnElement, event);
        return true;
      default:
        return false;
    }
  }

  globalThis.ChatTools = Object.freeze({ apply });
})();
