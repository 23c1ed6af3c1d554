/**
 * Browser client of the Quarkus Event Stream extension.
 *
 * An `EventSource` replacement built on `fetch` streaming: it sends request headers (a bearer token), keeps the cursor
 * (`Last-Event-ID`) across reloads in `sessionStorage`, reconnects with exponential backoff and jitter, and understands
 * the extension's control events (`stream-open`, `stream-reset`, `stream-error`). No dependencies.
 *
 * @module
 */

/** Request headers, or a function that returns them; the function is called before every connection attempt. */
export type EventStreamHeaders =
  | Record<string, string>
  | (() => Record<string, string> | Promise<Record<string, string>>);

/** Options of {@link EventStream}. Every option is optional. */
export interface EventStreamOptions {
  /** Headers sent with every request, e.g. `{ Authorization: 'Bearer ...' }`, or a function that returns them. */
  headers?: EventStreamHeaders;
  /** Like `EventSource`: `false` (default) sends credentials same-origin only, `true` sends them cross-origin too. */
  withCredentials?: boolean;
  /** The initial cursor, e.g. rendered into the page from `EventPublisher.currentEventId(...)`. */
  lastEventId?: string;
  /**
   * Whether the cursor is kept in `sessionStorage` across reloads: `true` (default) under a key derived from the URL,
   * a string to choose the key, `false` to opt out. A stored cursor wins over {@link lastEventId}.
   */
  storage?: boolean | string;
  /**
   * Reconnection backoff in milliseconds: the first delay (`initial`, default 1000; a `retry:` field from the server
   * replaces it) doubles on each failed attempt up to `max` (default 30000), with jitter.
   */
  retry?: { initial?: number; max?: number };
}

/** The JSON data of the `stream-error` control event. */
interface StreamErrorData {
  condition?: string;
  message?: string;
  channels?: string[];
}

/**
 * An event dispatched by {@link EventStream}: `MessageEvent`-like (`data`, `lastEventId`, `origin`), plus the fields of
 * the control events and of `error` events. Fields that do not apply to an event are `undefined`.
 */
export class EventStreamEvent extends Event {
  /** The raw data of the event (lines joined with LF); empty for `open` and `error`. */
  data = '';
  /** The cursor after this event. */
  lastEventId = '';
  /** The origin of the stream URL. */
  origin = '';
  /** `stream-reset`, `stream-error` and `error`: the channels concerned. */
  channels?: string[];
  /** `stream-error`: the condition (`forbidden`, `expired`, `overflow`, `shutdown`, `store-unavailable`). */
  condition?: string;
  /** `stream-error` and `error`: the human-readable message of the server. */
  message?: string;
  /** `error`: the HTTP status, when there was a response. */
  status?: number;
  /** `error`: the error condition (the JSON body's `error`, or the `stream-error` condition). */
  error?: string;
  /** `error`: the raw response body (or the `stream-error` data), when there was one. */
  body?: string;
  /** `error`: `true` when the stream stopped for good (readyState `CLOSED`). */
  fatal?: boolean;
  /** `error` that is not fatal: the milliseconds before the next attempt. */
  delay?: number;

  constructor(type: string, init?: Partial<Omit<EventStreamEvent, keyof Event>>) {
    super(type);
    if (init) {
      Object.assign(this, init);
    }
  }
}

type Listener = ((event: EventStreamEvent) => void) | null;

const CONNECTING = 0;
const OPEN = 1;
const CLOSED = 2;

/** Stream-error conditions after which the client reconnects with its cursor. */
const TRANSIENT_CONDITIONS = ['shutdown', 'store-unavailable', 'overflow'];

/** Why one connection attempt ended. */
type Outcome =
  | { kind: 'retry'; status?: number; error?: string; message?: string; body?: string; channels?: string[] }
  | { kind: 'fatal'; status?: number; error?: string; message?: string; body?: string; channels?: string[] }
  | { kind: 'closed' };

/**
 * A server-sent event stream over `fetch`. Dispatches `open`, `message`, `error`, each named event type (`event:`)
 * and the control events `stream-open`, `stream-reset`, `stream-error`, as {@link EventStreamEvent}s.
 */
export class EventStream extends EventTarget {
  static readonly CONNECTING = CONNECTING;
  static readonly OPEN = OPEN;
  static readonly CLOSED = CLOSED;
  readonly CONNECTING = CONNECTING;
  readonly OPEN = OPEN;
  readonly CLOSED = CLOSED;

  /** The stream URL, as given. */
  readonly url: string;
  /** Whether credentials are sent cross-origin. */
  readonly withCredentials: boolean;
  /** `CONNECTING` (0), `OPEN` (1) or `CLOSED` (2). */
  readyState: number = CONNECTING;
  /** The cursor that the next connection sends as `Last-Event-ID` (empty: none). */
  lastEventId: string;

  /** Called for `open` events. */
  onopen: Listener = null;
  /** Called for events without an `event:` field (type `message`). */
  onmessage: Listener = null;
  /** Called for `error` events. */
  onerror: Listener = null;

  private readonly headers?: EventStreamHeaders;
  private readonly storageKey: string | null;
  private readonly initialDelay: number;
  private readonly maxDelay: number;
  private serverDelay: number | null = null;
  private attempt = 0;
  private controller: AbortController | null = null;
  private wakeUp: (() => void) | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;

  /**
   * Opens the stream at once.
   *
   * @param url the stream URL, e.g. `/events?channel=chat`
   * @param options see {@link EventStreamOptions}
   */
  constructor(url: string, options: EventStreamOptions = {}) {
    super();
    this.url = url;
    this.withCredentials = options.withCredentials === true;
    this.headers = options.headers;
    this.initialDelay = Math.max(0, options.retry?.initial ?? 1000);
    this.maxDelay = Math.max(this.initialDelay, options.retry?.max ?? 30000);
    const storage = options.storage ?? true;
    this.storageKey =
      storage === false ? null : typeof storage === 'string' ? storage : 'eventstream:' + url;
    const stored = this.readStoredCursor();
    this.lastEventId = stored ?? options.lastEventId ?? '';
    void this.run();
  }

  /** As `EventTarget.addEventListener`, with listeners typed for {@link EventStreamEvent}. */
  addEventListener(
    type: string,
    listener: ((event: EventStreamEvent) => void) | { handleEvent(event: EventStreamEvent): void } | null,
    options?: boolean | AddEventListenerOptions,
  ): void {
    super.addEventListener(type, listener as EventListenerOrEventListenerObject | null, options);
  }

  /** As `EventTarget.removeEventListener`. */
  removeEventListener(
    type: string,
    listener: ((event: EventStreamEvent) => void) | { handleEvent(event: EventStreamEvent): void } | null,
    options?: boolean | EventListenerOptions,
  ): void {
    super.removeEventListener(type, listener as EventListenerOrEventListenerObject | null, options);
  }

  /** Stops the stream for good: aborts the request in flight and never reconnects. */
  close(): void {
    if (this.readyState === CLOSED) {
      return;
    }
    this.readyState = CLOSED;
    this.controller?.abort();
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    this.wakeUp?.();
  }

  /** Runs connection attempts until a fatal answer or {@link close}. */
  private async run(): Promise<void> {
    while (this.readyState !== CLOSED) {
      const outcome = await this.connect();
      if (outcome.kind === 'closed' || this.readyState === CLOSED) {
        return;
      }
      if (outcome.kind === 'fatal') {
        this.readyState = CLOSED;
        this.fire(new EventStreamEvent('error', { ...this.detail(outcome), fatal: true }));
        return;
      }
      this.readyState = CONNECTING;
      const delay = this.nextDelay();
      this.fire(new EventStreamEvent('error', { ...this.detail(outcome), fatal: false, delay }));
      if (this.readyState === CLOSED) {
        return;
      }
      await this.sleep(delay);
    }
  }

  private detail(outcome: Exclude<Outcome, { kind: 'closed' }>): Partial<EventStreamEvent> {
    return {
      status: outcome.status,
      error: outcome.error,
      message: outcome.message,
      body: outcome.body,
      channels: outcome.channels,
      lastEventId: this.lastEventId,
      origin: this.origin(),
    };
  }

  /** The backoff before the next attempt: base * 2^attempt, capped, with jitter (50% to 100%). */
  private nextDelay(): number {
    const base = this.serverDelay ?? this.initialDelay;
    const ceiling = Math.min(this.maxDelay, base * Math.pow(2, Math.min(this.attempt, 30)));
    this.attempt++;
    return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.wakeUp = resolve;
      this.timer = setTimeout(() => {
        this.timer = null;
        this.wakeUp = null;
        resolve();
      }, ms);
    });
  }

  /** One connection attempt, from the request to the end of the response. */
  private async connect(): Promise<Outcome> {
    const controller = new AbortController();
    this.controller = controller;
    try {
      const headers: Record<string, string> = {
        Accept: 'text/event-stream',
        'Cache-Control': 'no-cache',
      };
      const extra = typeof this.headers === 'function' ? await this.headers() : this.headers;
      Object.assign(headers, extra);
      if (this.lastEventId !== '') {
        headers['Last-Event-ID'] = this.lastEventId;
      }
      if (this.readyState === CLOSED) {
        return { kind: 'closed' };
      }
      const response = await fetch(this.url, {
        headers,
        credentials: this.withCredentials ? 'include' : 'same-origin',
        signal: controller.signal,
      });
      if (this.readyState === CLOSED) {
        controller.abort();
        return { kind: 'closed' };
      }
      if (response.status !== 200) {
        const body = await response.text();
        const answer = { status: response.status, body, ...parseErrorBody(body) };
        const transient = response.status >= 500 || response.status === 408;
        return transient ? { kind: 'retry', ...answer } : { kind: 'fatal', ...answer };
      }
      const contentType = (response.headers.get('Content-Type') ?? '').split(';')[0].trim().toLowerCase();
      if (contentType !== 'text/event-stream' || response.body === null) {
        const body = await response.text();
        return {
          kind: 'fatal',
          status: 200,
          body,
          error: 'not-an-event-stream',
          message: 'Content-Type is ' + (contentType || 'missing') + ', not text/event-stream',
        };
      }
      this.readyState = OPEN;
      this.attempt = 0;
      this.fire(new EventStreamEvent('open', { origin: this.origin(), lastEventId: this.lastEventId }));
      if (this.readyState !== OPEN) {
        controller.abort();
        return { kind: 'closed' };
      }
      return await this.read(response.body, controller);
    } catch (e) {
      if (this.readyState === CLOSED) {
        return { kind: 'closed' };
      }
      return { kind: 'retry', message: e instanceof Error ? e.message : String(e) };
    } finally {
      if (this.controller === controller) {
        this.controller = null;
      }
    }
  }

  /** Reads and dispatches the events of one response until it ends. */
  private async read(body: ReadableStream<Uint8Array>, controller: AbortController): Promise<Outcome> {
    const reader = body.getReader();
    const decoder = new TextDecoder();
    let streamError: { data: string; parsed: StreamErrorData } | null = null;
    const parser = new SseParser(
      this.lastEventId,
      (type, data, id) => {
        if (this.readyState !== OPEN) {
          return;
        }
        const event = this.toEvent(type, data, id);
        if (type === 'stream-error') {
          streamError = { data, parsed: { condition: event.condition, message: event.message, channels: event.channels } };
        }
        this.fire(event);
      },
      (id) => this.setCursor(id),
      (ms) => {
        this.serverDelay = ms;
      },
    );
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done || this.readyState !== OPEN) {
          break;
        }
        parser.push(decoder.decode(value, { stream: true }));
        const failure = streamError as { data: string; parsed: StreamErrorData } | null;
        if (failure !== null && !TRANSIENT_CONDITIONS.includes(failure.parsed.condition ?? '')) {
          // forbidden, expired or unknown: reconnecting would only be refused again
          controller.abort();
          return { kind: 'fatal', status: 200, body: failure.data, error: failure.parsed.condition,
            message: failure.parsed.message, channels: failure.parsed.channels };
        }
      }
    } finally {
      reader.releaseLock();
    }
    if (this.readyState === CLOSED) {
      return { kind: 'closed' };
    }
    const failure = streamError as { data: string; parsed: StreamErrorData } | null;
    if (failure !== null) {
      return { kind: 'retry', status: 200, body: failure.data, error: failure.parsed.condition,
        message: failure.parsed.message, channels: failure.parsed.channels };
    }
    return { kind: 'retry', status: 200, message: 'the stream ended' };
  }

  private toEvent(type: string, data: string, id: string): EventStreamEvent {
    const event = new EventStreamEvent(type, { data, lastEventId: id, origin: this.origin() });
    if (type === 'stream-reset' || type === 'stream-error' || type === 'stream-open') {
      const parsed = parseJson(data);
      if (parsed !== null) {
        if (Array.isArray(parsed.channels)) {
          event.channels = parsed.channels.map(String);
        }
        if (typeof parsed.condition === 'string') {
          event.condition = parsed.condition;
        }
        if (typeof parsed.message === 'string') {
          event.message = parsed.message;
        }
      }
    }
    return event;
  }

  private fire(event: EventStreamEvent): void {
    this.dispatchEvent(event);
    const handler =
      event.type === 'message' ? this.onmessage : event.type === 'open' ? this.onopen : event.type === 'error' ? this.onerror : null;
    if (typeof handler === 'function') {
      try {
        handler.call(this, event);
      } catch (e) {
        // like a listener's exception: reported, never taken for a broken connection
        report(e);
      }
    }
  }

  private setCursor(id: string): void {
    this.lastEventId = id;
    const storage = this.storage();
    if (storage === null) {
      return;
    }
    try {
      if (id === '') {
        storage.removeItem(this.storageKey as string);
      } else {
        storage.setItem(this.storageKey as string, id);
      }
    } catch {
      // storage full or denied: the cursor still lives in memory
    }
  }

  private readStoredCursor(): string | null {
    const storage = this.storage();
    if (storage === null) {
      return null;
    }
    try {
      const value = storage.getItem(this.storageKey as string);
      return value === null || value === '' ? null : value;
    } catch {
      return null;
    }
  }

  /** `sessionStorage` when the cursor is stored and the environment has it (browsers; not Node). */
  private storage(): Storage | null {
    if (this.storageKey === null) {
      return null;
    }
    try {
      const storage = (globalThis as { sessionStorage?: Storage }).sessionStorage;
      return storage ?? null;
    } catch {
      // a sandboxed frame throws on access
      return null;
    }
  }

  private origin(): string {
    try {
      const base = (globalThis as { location?: { href: string } }).location?.href;
      return new URL(this.url, base).origin;
    } catch {
      return '';
    }
  }
}

function report(error: unknown): void {
  const reportError = (globalThis as { reportError?: (e: unknown) => void }).reportError;
  if (typeof reportError === 'function') {
    reportError(error);
  } else {
    setTimeout(() => {
      throw error;
    });
  }
}

function parseJson(text: string): Record<string, unknown> & { channels?: unknown[] } | null {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

function parseErrorBody(body: string): { error?: string; message?: string } {
  const parsed = parseJson(body);
  if (parsed === null) {
    return {};
  }
  return {
    error: typeof parsed.error === 'string' ? parsed.error : undefined,
    message: typeof parsed.message === 'string' ? parsed.message : undefined,
  };
}

/**
 * The event stream parser of the WHATWG HTML standard ("Server-sent events", interpreting an event stream), fed with
 * decoded text in chunks of any size. The decoder removes a leading BOM.
 */
class SseParser {
  private buffer = '';
  private afterCR = false;
  private data = '';
  private type = '';
  private id: string | null = null;

  constructor(
    private cursor: string,
    private readonly dispatch: (type: string, data: string, id: string) => void,
    private readonly cursorChanged: (id: string) => void,
    private readonly retryChanged: (ms: number) => void,
  ) {}

  push(text: string): void {
    if (text === '') {
      return;
    }
    let start = 0;
    if (this.afterCR && text.startsWith('\n')) {
      // the LF of a CRLF split across chunks
      start = 1;
    }
    this.afterCR = false;
    const chunk = this.buffer + text.substring(start);
    let lineStart = 0;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      if (c !== 10 && c !== 13) {
        continue;
      }
      this.line(chunk.substring(lineStart, i));
      if (c === 13) {
        if (i + 1 < chunk.length) {
          if (chunk.charCodeAt(i + 1) === 10) {
            i++;
          }
        } else {
          this.afterCR = true;
        }
      }
      lineStart = i + 1;
    }
    this.buffer = chunk.substring(lineStart);
  }

  private line(line: string): void {
    if (line === '') {
      this.dispatchEvent();
      return;
    }
    if (line.startsWith(':')) {
      return;
    }
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.substring(0, colon);
    let value = colon < 0 ? '' : line.substring(colon + 1);
    if (value.startsWith(' ')) {
      value = value.substring(1);
    }
    switch (field) {
      case 'event':
        this.type = value;
        break;
      case 'data':
        this.data += value + '\n';
        break;
      case 'id':
        if (!value.includes('\0')) {
          this.id = value;
        }
        break;
      case 'retry':
        if (/^[0-9]+$/.test(value)) {
          this.retryChanged(parseInt(value, 10));
        }
        break;
      default:
        break;
    }
  }

  private dispatchEvent(): void {
    if (this.id !== null) {
      this.cursor = this.id;
      this.id = null;
      this.cursorChanged(this.cursor);
    }
    if (this.data === '') {
      this.type = '';
      return;
    }
    const data = this.data.endsWith('\n') ? this.data.substring(0, this.data.length - 1) : this.data;
    const type = this.type === '' ? 'message' : this.type;
    this.data = '';
    this.type = '';
    this.dispatch(type, data, this.cursor);
  }
}
