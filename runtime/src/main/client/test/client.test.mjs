// Unit tests of the compiled client (target/classes/META-INF/eventstream/client.js) against a real local HTTP server.
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { EventStream } from '../../../../target/classes/META-INF/eventstream/client.js';
import { ScriptedServer, Recorder, sse, refuse } from './harness.mjs';

const TYPES = ['open', 'message', 'error', 'tick', 'stream-open', 'stream-reset', 'stream-error'];
const FAST = { initial: 2, max: 8 };

let cleanups = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) {
    await cleanup();
  }
  cleanups = [];
});

async function server(...handlers) {
  const s = await new ScriptedServer().start();
  s.answer(...handlers);
  cleanups.push(() => s.stop());
  return s;
}

function open(url, options = {}) {
  const stream = new EventStream(url, { retry: FAST, ...options });
  const recorder = new Recorder(stream, TYPES);
  cleanups.push(() => stream.close());
  return { stream, recorder };
}

test('parses BOM, CRLF, CR and LF line ends, multi-line data, comments and fields without a value', async () => {
  const s = await server(
    sse([
      '\uFEFFdata: crlf\r\n\r',
      '\ndata: cr\r\rdata: lf\n\n',
      'data: line one\ndata:line two\ndata\n\n',
      ': a comment\ndata: after comment\n\n',
      'data: split ',
      'across chunks\n\n',
      'id: with\0nul\ndata: nul id ignored\n\n',
      'event: tick\ndata: done\n\n',
    ], { keepOpen: true }),
  );
  const { stream, recorder } = open(s.url());
  await recorder.count('tick', 1);
  stream.close();

  assert.deepEqual(recorder.of('message').map((e) => e.data), [
    'crlf', 'cr', 'lf', 'line one\nline two\n', 'after comment', 'split across chunks', 'nul id ignored',
  ]);
  assert.equal(stream.lastEventId, '');
});

test('keep-alive comments, with or without a blank line after them, never surface as events', async () => {
  const s = await server(
    sse([':\n\n', ': keep-alive\n', 'data: one\n\n', ':ping\n\n:\n', 'data: two\n\n', '\n\n', 'event: tick\ndata: end\n\n'], {
      keepOpen: true,
    }),
  );
  const { stream, recorder } = open(s.url());
  await recorder.count('tick', 1);
  stream.close();

  assert.deepEqual(recorder.of('message').map((e) => e.data), ['one', 'two']);
  assert.equal(recorder.events.filter((e) => e.type !== 'open').length, 3);
});

test('an event with an empty data buffer is not dispatched, but its id moves the cursor', async () => {
  const s = await server(sse(['id: 7\n\n', 'event: tick\n\n', 'event: tick\ndata\n\n'], { keepOpen: true }));
  const { stream, recorder } = open(s.url());
  const [tick] = await recorder.count('tick', 1);
  stream.close();

  assert.equal(tick.data, '');
  assert.equal(tick.lastEventId, '7');
  assert.equal(recorder.of('message').length, 0);
  assert.equal(stream.lastEventId, '7');
});

test('dispatches named events to their listeners and the others to onmessage, with the cursor', async () => {
  const s = await server(sse(['id: 1\nevent: tick\ndata: t1\n\n', 'id: 2\ndata: m2\n\n', 'data: m3\n\n'], { keepOpen: true }));
  const { stream, recorder } = open(s.url());
  const viaHandler = [];
  let opened = null;
  stream.onopen = (e) => {
    opened = { type: e.type, state: stream.readyState };
  };
  stream.onmessage = (e) => viaHandler.push(e);
  await recorder.count('message', 2);
  stream.close();

  assert.deepEqual(opened, { type: 'open', state: EventStream.OPEN });
  const [tick] = recorder.of('tick');
  assert.equal(tick.data, 't1');
  assert.equal(tick.lastEventId, '1');
  assert.deepEqual(viaHandler.map((e) => [e.type, e.data, e.lastEventId]), [['message', 'm2', '2'], ['message', 'm3', '2']]);
  assert.equal(tick.origin, new URL(s.url()).origin);
});

test('a retry field replaces the initial delay, and a retry field that is not all digits is ignored', async () => {
  const s = await server(sse(['retry: 40\n', 'retry: 7x\n', 'data: a\n\n']), sse(['event: tick\ndata: b\n\n'], { keepOpen: true }));
  const { recorder } = open(s.url(), { retry: { initial: 2, max: 1000 } });
  await recorder.count('tick', 1);

  const [error] = recorder.of('error');
  // jitter keeps the delay between half and all of the server's 40 ms
  assert.ok(error.delay >= 20 && error.delay <= 40, 'delay ' + error.delay);
  assert.equal(error.fatal, false);
});

test('sends Last-Event-ID on reconnect after the server ends the response: no loss, no duplicate', async () => {
  const s = await server(
    sse(['id: 1\ndata: one\n\n', 'id: 2\ndata: two\n\n']),
    sse(['id: 3\ndata: three\n\n'], { keepOpen: true }),
  );
  const { recorder } = open(s.url());
  await recorder.count('message', 3);

  assert.equal((await s.request(1)).headers['last-event-id'], undefined);
  assert.equal((await s.request(2)).headers['last-event-id'], '2');
  assert.deepEqual(recorder.of('message').map((e) => e.data), ['one', 'two', 'three']);
  const [error] = recorder.of('error');
  assert.equal(error.status, 200);
  assert.equal(error.fatal, false);
});

test('resumes from its cursor after the server drops the socket mid-stream', async () => {
  // a replaying server: sends the events after Last-Event-ID
  const log = [1, 2, 3, 4, 5].map((n) => `id: ${n}\ndata: event-${n}\n\n`);
  const replay = (upTo) => (req, res) => {
    const after = Number(req.headers['last-event-id'] ?? 0);
    sse(log.slice(after, upTo), { keepOpen: true })(req, res);
  };
  const s = await server(replay(3), replay(5));
  const { recorder } = open(s.url());
  await recorder.count('message', 3);
  (await s.request(1)).res.socket.destroy();
  await recorder.count('message', 5);

  assert.equal((await s.request(2)).headers['last-event-id'], '3');
  assert.deepEqual(recorder.of('message').map((e) => e.data), ['event-1', 'event-2', 'event-3', 'event-4', 'event-5']);
  assert.equal(recorder.of('error').length, 1);
});

test('backs off exponentially with jitter up to the maximum, and resets after a successful open', async () => {
  const unavailable = (req, res) => res.writeHead(503).end();
  const s = await server(
    unavailable, unavailable, unavailable, unavailable, unavailable,
    sse(['data: up\n\n']),
    sse(['event: tick\ndata: again\n\n'], { keepOpen: true }),
  );
  const { recorder } = open(s.url(), { retry: { initial: 4, max: 20 } });
  await recorder.count('tick', 1);

  const errors = recorder.of('error');
  assert.equal(errors.length, 6);
  assert.equal(s.requests.length, 7);
  const ceilings = [4, 8, 16, 20, 20, 4];
  errors.forEach((e, i) => {
    assert.ok(e.delay >= ceilings[i] / 2 && e.delay <= ceilings[i], `attempt ${i}: delay ${e.delay}, ceiling ${ceilings[i]}`);
  });
  assert.deepEqual(errors.map((e) => e.status), [503, 503, 503, 503, 503, 200]);
});

test('retries 502, 503 and 504 from a proxy, reporting each failed attempt while CONNECTING', async () => {
  const s = await server(
    refuse(502, 'bad-gateway', 'upstream down'),
    (req, res) => res.writeHead(503, { 'Content-Type': 'text/html' }).end('<h1>503</h1>'),
    refuse(504, 'timeout', 'upstream slow'),
    sse(['data: finally\n\n'], { keepOpen: true }),
  );
  const { stream, recorder } = open(s.url());
  const states = [];
  stream.onerror = () => states.push(stream.readyState);
  await recorder.count('message', 1);

  const errors = recorder.of('error');
  assert.deepEqual(errors.map((e) => [e.status, e.fatal]), [[502, false], [503, false], [504, false]]);
  assert.deepEqual(states, [EventStream.CONNECTING, EventStream.CONNECTING, EventStream.CONNECTING]);
  assert.equal(errors[0].error, 'bad-gateway');
  assert.equal(errors[0].message, 'upstream down');
  assert.equal(errors[1].body, '<h1>503</h1>');
  assert.equal(errors[1].error, undefined);
  assert.equal(stream.readyState, EventStream.OPEN);
});

for (const status of [400, 401, 403, 404, 405, 429]) {
  test(`stops for good on ${status}, with the status, error and message of the JSON body`, async () => {
    const s = await server(refuse(status, 'condition-' + status, 'refused with ' + status));
    const { stream, recorder } = open(s.url(), { retry: { initial: 0, max: 0 } });
    const [error] = await recorder.count('error', 1);

    assert.equal(stream.readyState, EventStream.CLOSED);
    assert.equal(error.fatal, true);
    assert.equal(error.status, status);
    assert.equal(error.error, 'condition-' + status);
    assert.equal(error.message, 'refused with ' + status);
    assert.equal(JSON.parse(error.body).error, 'condition-' + status);
    assert.equal(error.delay, undefined);
    // a second stream, retrying with no delay, reconnects first: the refused one never asked again
    const other = open(s.url(), { retry: { initial: 0, max: 0 } });
    s.answer((req, res) => res.writeHead(503).end(), sse(['data: x\n\n'], { keepOpen: true }));
    await other.recorder.count('message', 1);
    assert.equal(s.requests.length, 3);
    assert.equal(recorder.of('error').length, 1);
  });
}

test('stops for good on a 200 that is not an event stream', async () => {
  const s = await server(sse(['<html></html>'], { contentType: 'text/html' }));
  const { stream, recorder } = open(s.url());
  const [error] = await recorder.count('error', 1);

  assert.equal(stream.readyState, EventStream.CLOSED);
  assert.equal(error.fatal, true);
  assert.equal(error.status, 200);
  assert.equal(error.body, '<html></html>');
  assert.equal(recorder.of('open').length, 0);
});

for (const condition of ['forbidden', 'expired']) {
  test(`stops for good on stream-error ${condition} and aborts the response`, async () => {
    const data = JSON.stringify({ condition, message: 'no longer allowed', channels: ['private-1'] });
    const s = await server(sse([`id: 4\ndata: before\n\n`, `event: stream-error\ndata: ${data}\n\n`], { keepOpen: true }));
    const { stream, recorder } = open(s.url());
    const [error] = await recorder.count('error', 1);

    const [streamError] = recorder.of('stream-error');
    assert.equal(streamError.condition, condition);
    assert.equal(streamError.message, 'no longer allowed');
    assert.deepEqual(streamError.channels, ['private-1']);
    assert.equal(streamError.data, data);
    assert.equal(error.fatal, true);
    assert.equal(error.error, condition);
    assert.equal(error.message, 'no longer allowed');
    assert.deepEqual(error.channels, ['private-1']);
    assert.equal(stream.readyState, EventStream.CLOSED);
    // the server kept the response open: the client closed it
    await s.closed(await s.request(1));
    assert.equal(s.requests.length, 1);
  });
}

for (const condition of ['shutdown', 'store-unavailable', 'overflow']) {
  test(`reconnects with its cursor after stream-error ${condition}`, async () => {
    const data = JSON.stringify({ condition, message: 'try again', channels: ['news'] });
    const s = await server(
      sse([`id: 9\ndata: before\n\n`, `event: stream-error\ndata: ${data}\n\n`, 'retry: 3\n\n']),
      sse(['id: 10\ndata: after\n\n'], { keepOpen: true }),
    );
    const { stream, recorder } = open(s.url(), { retry: { initial: 1000, max: 1000 } });
    await recorder.count('message', 2);

    assert.equal((await s.request(2)).headers['last-event-id'], '9');
    const [error] = recorder.of('error');
    assert.equal(error.fatal, false);
    assert.equal(error.error, condition);
    assert.deepEqual(error.channels, ['news']);
    // the retry hint that followed the stream-error was honoured
    assert.ok(error.delay <= 3, 'delay ' + error.delay);
    assert.equal(stream.readyState, EventStream.OPEN);
  });
}

test('stream-open and stream-reset are dispatched with their parsed data', async () => {
  const s = await server(
    sse(['event: stream-open\ndata\n\n', 'event: stream-reset\nid: 0.a~5\ndata: {"channels":["chat","clock"]}\n\n'], {
      keepOpen: true,
    }),
  );
  const { stream, recorder } = open(s.url());
  const [reset] = await recorder.count('stream-reset', 1);

  assert.equal(recorder.of('stream-open').length, 1);
  assert.deepEqual(reset.channels, ['chat', 'clock']);
  assert.equal(reset.data, '{"channels":["chat","clock"]}');
  assert.equal(reset.lastEventId, '0.a~5');
  assert.equal(stream.lastEventId, '0.a~5');
});

test('sends Accept, Cache-Control and static headers on every request', async () => {
  const s = await server(sse(['data: 1\n\n']), sse(['data: 2\n\n'], { keepOpen: true }));
  const { recorder } = open(s.url(), { headers: { Authorization: 'Bearer static', 'X-Tenant': 't1' } });
  await recorder.count('message', 2);

  for (const n of [1, 2]) {
    const { headers } = await s.request(n);
    assert.equal(headers.authorization, 'Bearer static');
    assert.equal(headers['x-tenant'], 't1');
    assert.equal(headers.accept, 'text/event-stream');
    assert.equal(headers['cache-control'], 'no-cache');
  }
});

test('calls a headers function before every connection attempt', async () => {
  const s = await server(refuse(503, 'x', 'y'), sse(['data: ok\n\n'], { keepOpen: true }));
  let calls = 0;
  const { recorder } = open(s.url(), {
    headers: async () => ({ Authorization: 'Bearer token-' + ++calls }),
  });
  await recorder.count('message', 1);

  assert.equal((await s.request(1)).headers.authorization, 'Bearer token-1');
  assert.equal((await s.request(2)).headers.authorization, 'Bearer token-2');
  assert.equal(calls, 2);
});

test('close() stops the stream and aborts the request in flight', async () => {
  const s = await server(sse(['data: one\n\n'], { keepOpen: true }));
  const { stream, recorder } = open(s.url());
  await recorder.count('message', 1);
  stream.close();

  assert.equal(stream.readyState, EventStream.CLOSED);
  await s.closed(await s.request(1));
  assert.equal(recorder.of('error').length, 0);
  assert.equal(s.requests.length, 1);
});

test('close() during the backoff cancels the next attempt', async () => {
  const s = await server(refuse(503, 'x', 'y'));
  const { stream, recorder } = open(s.url(), { retry: { initial: 60000, max: 60000 } });
  const [error] = await recorder.count('error', 1);
  stream.close();

  assert.ok(error.delay >= 30000);
  assert.equal(stream.readyState, EventStream.CLOSED);
  assert.equal(s.requests.length, 1);
});

test('sends the lastEventId option on the first request when nothing is stored', async () => {
  const s = await server(sse(['data: x\n\n'], { keepOpen: true }));
  const { stream, recorder } = open(s.url(), { lastEventId: '1.abc~4' });
  assert.equal(stream.lastEventId, '1.abc~4');
  await recorder.count('message', 1);

  assert.equal((await s.request(1)).headers['last-event-id'], '1.abc~4');
});

test('keeps the cursor in sessionStorage when the environment has it, unless opted out', async () => {
  const items = new Map();
  globalThis.sessionStorage = {
    getItem: (key) => (items.has(key) ? items.get(key) : null),
    setItem: (key, value) => items.set(key, String(value)),
    removeItem: (key) => items.delete(key),
  };
  cleanups.push(() => delete globalThis.sessionStorage);
  const s = await server(
    sse(['id: 8\ndata: a\n\n'], { keepOpen: true }),
    sse(['id: 1\ndata: b\n\n'], { keepOpen: true }),
    sse(['id: 2\ndata: c\n\n'], { keepOpen: true }),
  );
  items.set('eventstream:' + s.url(), '7');

  // a stored cursor wins over the option (a reload resumes where the page was)
  const first = open(s.url(), { lastEventId: '3' });
  await first.recorder.count('message', 1);
  first.stream.close();
  assert.equal((await s.request(1)).headers['last-event-id'], '7');
  assert.equal(items.get('eventstream:' + s.url()), '8');

  const custom = open(s.url(), { storage: 'my-key', lastEventId: '0' });
  await custom.recorder.count('message', 1);
  custom.stream.close();
  assert.equal((await s.request(2)).headers['last-event-id'], '0');
  assert.equal(items.get('my-key'), '1');

  const optedOut = open(s.url(), { storage: false });
  await optedOut.recorder.count('message', 1);
  assert.equal((await s.request(3)).headers['last-event-id'], undefined);
  assert.equal(items.get('eventstream:' + s.url()), '8');
  assert.equal(items.size, 2);
});

test('readyState constants match EventSource', () => {
  assert.deepEqual([EventStream.CONNECTING, EventStream.OPEN, EventStream.CLOSED], [0, 1, 2]);
});

test('an exception in onmessage is reported, not taken for a broken connection', async () => {
  const s = await server(sse(['data: 1\n\n', 'data: 2\n\n'], { keepOpen: true }));
  const reported = [];
  globalThis.reportError = (e) => reported.push(e);
  cleanups.push(() => delete globalThis.reportError);
  const { stream, recorder } = open(s.url());
  stream.onmessage = (e) => {
    throw new Error('page bug ' + e.data);
  };
  await recorder.count('message', 2);

  assert.deepEqual(reported.map((e) => e.message), ['page bug 1', 'page bug 2']);
  assert.equal(recorder.of('error').length, 0);
  assert.equal(s.requests.length, 1);
});
