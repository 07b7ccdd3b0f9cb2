import { parseLiveEvent } from '@strata/proto';

/**
 * A small Server-Sent Events client over fetch that parses the stream the way EventSource does
 * (id, event, data, retry, comments), for the e2e suites. It does not reconnect by itself: the
 * tests reconnect with the Last-Event-ID they choose. Every event is checked against its one
 * definition (strata.gateway.v1.LiveEvent): an event that breaks it makes `until` and `ended`
 * throw.
 */
export interface SseEvent {
  id?: string;
  event: string;
  data: string;
  json: Record<string, unknown>;
}

export class SseClient {
  readonly events: SseEvent[] = [];
  /** Events that do not match strata.gateway.v1.LiveEvent (name, fields, types, rules). */
  readonly invalid: Array<{ event: string; data: string; error: string }> = [];
  comments = 0;
  lastEventId?: string;
  status = 0;
  /** The response's headers, once open. */
  responseHeaders?: Headers;
  closed = false;
  private readonly abort = new AbortController();
  private waiters: Array<() => void> = [];
  private done?: Promise<void>;

  constructor(
    private readonly url: string,
    private readonly headers: Record<string, string>,
  ) {}

  /** Opens the stream; resolves once the response headers arrived (status set). */
  async open(lastEventId?: string): Promise<this> {
    const headers: Record<string, string> = { accept: 'text/event-stream', ...this.headers };
    if (lastEventId !== undefined) headers['last-event-id'] = lastEventId;
    const res = await fetch(this.url, { headers, signal: this.abort.signal });
    this.status = res.status;
    this.responseHeaders = res.headers;
    if (res.status !== 200 || !res.body) {
      this.closed = true;
      this.body = await res.text();
      return this;
    }
    this.done = this.read(res.body).finally(() => {
      this.closed = true;
      this.wake();
    });
    return this;
  }

  body = '';

  close(): void {
    this.abort.abort();
  }

  /** Events of one type so far. */
  of(type: string): SseEvent[] {
    return this.events.filter((e) => e.event === type);
  }

  /** Waits until `predicate` holds over what arrived (or the stream closed, then it throws). */
  async until(predicate: (events: SseEvent[]) => boolean, timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    this.assertValid();
    while (!predicate(this.events)) {
      this.assertValid();
      if (this.closed && !predicate(this.events)) throw new Error('the stream closed');
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(`timed out; events: ${this.events.map((e) => `${e.id}:${e.event}`)}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.min(left, 250));
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  async ended(): Promise<void> {
    await this.done?.catch(() => undefined);
    this.assertValid();
  }

  /** Throws when an event received broke the contract. */
  assertValid(): void {
    if (this.invalid.length)
      throw new Error(`SSE events off the contract: ${JSON.stringify(this.invalid)}`);
  }

  private wake() {
    const waiters = this.waiters;
    this.waiters = [];
    waiters.forEach((w) => w());
  }

  private async read(body: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = '';
    let data: string[] = [];
    let event = '';
    let id: string | undefined;
    try {
      for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let newline: number;
        while ((newline = buffer.search(/\r\n|\r|\n/)) >= 0) {
          const line = buffer.slice(0, newline);
          buffer = buffer.slice(newline + (buffer.startsWith('\r\n', newline) ? 2 : 1));
          if (line === '') {
            if (data.length) {
              if (id !== undefined) this.lastEventId = id;
              const text = data.join('\n');
              let json: Record<string, unknown> = {};
              try {
                json = JSON.parse(text) as Record<string, unknown>;
              } catch {
                /* not JSON: keep the text */
              }
              const name = event || 'message';
              try {
                parseLiveEvent(name, text);
              } catch (err) {
                this.invalid.push({ event: name, data: text, error: String(err) });
              }
              this.events.push({ id, event: name, data: text, json });
              this.wake();
            }
            data = [];
            event = '';
            id = undefined;
            continue;
          }
          if (line.startsWith(':')) {
            this.comments++;
            continue;
          }
          const colon = line.indexOf(':');
          const field = colon < 0 ? line : line.slice(0, colon);
          const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
          if (field === 'data') data.push(value);
          else if (field === 'event') event = value;
          else if (field === 'id') id = value;
        }
      }
    } catch (err) {
      if ((err as Error).name !== 'AbortError') throw err;
    }
  }
}
