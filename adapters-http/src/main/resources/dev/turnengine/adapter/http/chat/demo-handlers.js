// The chat page's handlers for the computer_* tools: they act on the demo frame inside the page, so a
// person can watch an agent operate a page. Coordinates are CSS pixels of the frame's viewport. The
// frame is sandboxed (no scripts of its own); navigation stays inside the demo pages.
'use strict';

(() => {
  const DEMO_PREFIX = '/browser-demo/';
  const MAX_TEXT = 20000;

  function demoHandlers(frame) {
    const win = () => frame.contentWindow;
    const doc = () => {
      const document = frame.contentDocument;
      if (!document || !document.body) {
        throw new Error('the demo page is not loaded');
      }
      return document;
    };

    function loaded() {
      return new Promise((resolve) => {
        const done = () => {
          frame.removeEventListener('load', done);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(done, 5000);
        frame.addEventListener('load', done);
      });
    }

    // A click or a key may start a navigation of the frame (a link, a form): watch for one for a moment and,
    // if it starts, wait until the new page has loaded.
    async function settle(action) {
      const before = { document: frame.contentDocument, url: win().location.href };
      let navigating = false;
      const mark = () => {
        navigating = true;
      };
      const navigation = win().navigation;
      if (navigation) {
        navigation.addEventListener('navigate', mark);
      }
      const navigated = loaded();
      const result = action();
      const changed = () => navigating || frame.contentDocument !== before.document
          || win().location.href !== before.url;
      for (let waited = 0; waited < 400 && !changed(); waited += 20) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      if (navigation) {
        navigation.removeEventListener('navigate', mark);
      }
      if (changed()) {
        await navigated;
      }
      return result;
    }

    function describe(element) {
      if (!element) {
        return 'nothing';
      }
      const label = (element.innerText || element.value || element.getAttribute('aria-label') || '').trim();
      return '<' + element.tagName.toLowerCase() + '>' + (label ? ' "' + label.slice(0, 80) + '"' : '');
    }

    function number(value, name) {
      const n = Number(value);
      if (!Number.isFinite(n)) {
        throw new Error(name + ' must be a number');
      }
      return n;
    }

    function readPage() {
      const document = doc();
      const text = document.body.innerText.slice(0, MAX_TEXT);
      return 'URL: ' + win().location.href + '\nTitle: ' + document.title + '\n\n' + text;
    }

    async function click(args) {
      const x = number(args.x, 'x');
      const y = number(args.y, 'y');
      const target = doc().elementFromPoint(x, y);
      if (!target) {
        return { output: 'tool_failed: nothing at (' + x + ', ' + y + ')', is_error: true };
      }
      await settle(() => {
        if (typeof target.focus === 'function') {
          target.focus();
        }
        target.click();
      });
      return 'clicked ' + describe(target) + ' at (' + x + ', ' + y + '); now at ' + win().location.href;
    }

    function type(args) {
      const text = String(args.text === undefined ? '' : args.text);
      const field = doc().activeElement;
      if (!field || !('value' in field) || field.readOnly || field.disabled) {
        return { output: 'tool_failed: no text field has the focus; click one first', is_error: true };
      }
      field.value += text;
      field.dispatchEvent(new Event('input', { bubbles: true }));
      return 'typed ' + text.length + ' characters into ' + describe(field);
    }

    async function key(args) {
      const names = String(args.keys || '').split(/[\s+]+/).filter(Boolean);
      if (names.length === 0) {
        throw new Error('keys is empty');
      }
      for (const name of names) {
        await settle(() => press(name));
      }
      return 'pressed ' + names.join(' ') + '; now at ' + win().location.href;
    }

    function press(name) {
      const document = doc();
      const field = document.activeElement || document.body;
      const event = new KeyboardEvent('keydown', { key: name, bubbles: true, cancelable: true });
      if (!field.dispatchEvent(event)) {
        return;
      }
      if (name === 'Enter' && field.form) {
        field.form.requestSubmit();
      } else if (name === 'Backspace' && 'value' in field) {
        field.value = field.value.slice(0, -1);
      } else if (name === 'Tab') {
        const focusable = [...document.querySelectorAll('a[href], button, input, textarea, select')];
        const next = focusable[(focusable.indexOf(field) + 1) % focusable.length];
        if (next) {
          next.focus();
        }
      } else if (name === 'Escape' && typeof field.blur === 'function') {
        field.blur();
      }
    }

    function scroll(args) {
      win().scrollBy(number(args.dx, 'dx'), number(args.dy, 'dy'));
      return 'scrolled to (' + Math.round(win().scrollX) + ', ' + Math.round(win().scrollY) + ')';
    }

    async function navigate(args) {
      const target = new URL(String(args.url || ''), win().location.href);
      if (target.origin !== location.origin || !target.pathname.startsWith(DEMO_PREFIX)) {
        return { output: 'tool_failed: this demo browser only opens pages under ' + location.origin + DEMO_PREFIX,
          is_error: true };
      }
      const navigated = loaded();
      frame.src = target.href;
      await navigated;
      return 'opened ' + win().location.href + ' (' + doc().title + ')';
    }

    // Draws the frame's DOM into a canvas through an SVG foreignObject: no library, no server round trip.
    async function screenshot() {
      const document = doc();
      const width = frame.clientWidth;
      const height = frame.clientHeight;
      const clone = document.documentElement.cloneNode(true);
      clone.querySelectorAll('script').forEach((node) => node.remove());
      const live = document.querySelectorAll('input, textarea');
      clone.querySelectorAll('input, textarea').forEach((field, i) => {
        if (field.tagName === 'TEXTAREA') {
          field.textContent = live[i].value;
        } else {
          field.setAttribute('value', live[i].value);
        }
      });
      clone.style.transform = 'translate(' + -win().scrollX + 'px,' + -win().scrollY + 'px)';
      const xhtml = new XMLSerializer().serializeToString(clone);
      const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="' + width + '" height="' + height + '">'
          + '<foreignObject width="100%" height="100%">' + xhtml + '</foreignObject></svg>';
      const image = new Image();
      image.width = width;
      image.height = height;
      await new Promise((resolve, reject) => {
        image.onload = resolve;
        image.onerror = () => reject(new Error('the page could not be drawn'));
        image.src = 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(svg);
      });
      const canvas = Object.assign(window.document.createElement('canvas'), { width, height });
      const context = canvas.getContext('2d');
      context.fillStyle = '#ffffff';
      context.fillRect(0, 0, width, height);
      context.drawImage(image, 0, 0);
      const png = canvas.toDataURL('image/png');
      return { image_b64: png.slice(png.indexOf(',') + 1), content_type: 'image/png' };
    }

    return {
      computer_read_page: readPage,
      computer_click: click,
      computer_type: type,
      computer_key: key,
      computer_scroll: scroll,
      computer_navigate: navigate,
      computer_screenshot: screenshot,
    };
  }

  globalThis.ChatDemoHandlers = Object.freeze({ create: demoHandlers });
})();
