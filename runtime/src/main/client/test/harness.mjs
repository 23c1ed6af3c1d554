// Test harness: a real local HTTP server scripted per request, and a recorder of a stream's events.
import http from 'node:http';

/** The bound of every wait. */
export const WAIT_MS = 5000;

/** Resolves like `promise`, or rejects after WAIT_MS naming `what` (a bound on a wait, not a synchronisation). */
export function within(promise, what) {
  let timer;
  const bound = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error('timed out waiting for ' + what)), WAIT_MS);
  });
  return Promise.race([promise, bound]).finally(() => clearTimeout(timer));
}

/** A condition that tests wait for; `check()` re-evaluates it after every change. */
class Conditions {
  constructor() {
    this.waiting = [];
  }

  until(predicate, what) {
    if (predicate()) {
      return Promise.resolve();
    }
    return within(new Promise((resolve) => this.waiting.push({ predicate, resolve })), what);
  }

  check() {
    this.waiting = this.waiting.filter((w) => {
      if (w.predicate()) {
        w.resolve();
        return false;
      }
      return true;
    });
  }
}

/**
 * An HTTP server on 127.0.0.1 and a free port. Each request is answered by the next queued handler (then by the
 * fallback); every request is recorded with its headers and whether its connection closed.
 */
export class ScriptedServer {
  constructor(fallback = (req, res) => res.writeHead(500).end()) {
    this.handlers = [];
    this.fallback = fallback;
    this.requests = [];
    this.conditions = new Conditions();
    this.server = http.createServer((req, res) => {
      const record = { headers: req.headers, url: req.url, method: req.method, res, closed: false };
      res.on('close', () => {
        record.closed = true;
        this.conditions.check();
      });
      this.requests.push(record);
      const handler = this.handlers.length > 0 ? this.handlers.shift() : this.fallback;
      handler(req, res, record);
      this.conditions.check();
    });
  }

  async start() {
    await new Promise((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return this;
  }

  /** Queues handlers for the next requests, in order. */
  answer(...handlers) {
    this.handlers.push(...handlers);
    return this;
  }

  url(path = '/events') {
    return `http://127.0.0.1:${this.server.address().port}${path}`;
  }

  /** Waits until the server has received `count` requests; returns the last of them. */
  async request(count) {
    await this.conditions.until(() => this.requests.length >= count, `request ${count}`);
    return this.requests[count - 1];
  }

  /** Waits until the connection of a recorded request closed. */
  closed(record) {
    return this.conditions.until(() => record.closed, 'the connection to close');
  }

  async stop() {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

/** A handler that answers 200 text/event-stream with `chunks` (written one by one), then ends unless `keepOpen`. */
export function sse(chunks, { keepOpen = false, contentType = 'text/event-stream; charset=utf-8' } = {}) {
  return (req, res) => {
    res.writeHead(200, { 'Content-Type': contentType, 'Cache-Control': 'no-cache' });
    res.flushHeaders();
    for (const chunk of [].concat(chunks)) {
      res.write(chunk);
    }
    if (!keepOpen) {
      res.end();
    }
  };
}

/** A handler that answers `status` with a JSON body `{"error","message"}`. */
export function refuse(status, error, message) {
  return (req, res) => {
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ error, message }));
  };
}

/** Records every event a stream dispatches, of the given types, and lets a test wait on them. */
export class Recorder {
  constructor(stream, types) {
    this.events = [];
    this.conditions = new Conditions();
    for (const type of types) {
      stream.addEventListener(type, (e) => {
        this.events.push(e);
        this.conditions.check();
      });
    }
  }

  of(type) {
    return this.events.filter((e) => e.type === type);
  }

  /** Waits until `count` events of `type` arrived; returns them. */
  async count(type, count) {
    await this.conditions.until(() => this.of(type).length >= count, `${count} ${type} event(s)`);
    return this.of(type);
  }
}
