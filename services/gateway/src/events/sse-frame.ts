import type { LiveEventDataMap, LiveEventType } from '@strata/proto';

/**
 * One Server-Sent Events frame, encoded once and written as is to every stream it goes to (one
 * push to all the streams of its user, a heartbeat to all streams): the bytes, and on first use
 * the same bytes as one HTTP/1.1 chunk. The event's data is an already serialized JSON text;
 * what it holds is not this module's business.
 */
export class SseFrame {
  private chunk?: Buffer;

  constructor(readonly bytes: Buffer) {}

  /** `id: <id>\nevent: <event>\ndata: <dataJson>\n\n` (no id line without an id). */
  static event(event: string, dataJson: string, id?: number): SseFrame {
    const idLine = id === undefined ? '' : `id: ${id}\n`;
    return new SseFrame(Buffer.from(`${idLine}event: ${event}\ndata: ${dataJson}\n\n`));
  }

  /** A frame of one LiveEvent case (strata.gateway.v1.LiveEvent), serialized with JSON.stringify. */
  static json<K extends LiveEventType>(event: K, data: LiveEventDataMap[K], id?: number): SseFrame {
    return SseFrame.event(event, JSON.stringify(data), id);
  }

  /** Any other lines (`retry: 2000`, `: heartbeat`), given with their final blank line. */
  static raw(text: string): SseFrame {
    return new SseFrame(Buffer.from(text));
  }

  /** The frame as one chunk of a chunked HTTP/1.1 body: size in hex, CRLF, bytes, CRLF. */
  get chunked(): Buffer {
    this.chunk ??= Buffer.concat([
      Buffer.from(`${this.bytes.length.toString(16)}\r\n`),
      this.bytes,
      Buffer.from('\r\n'),
    ]);
    return this.chunk;
  }

  toString(): string {
    return this.bytes.toString();
  }
}

/** The comment every stream gets every SSE_HEARTBEAT_SECONDS (one frame for all). */
export const HEARTBEAT = SseFrame.raw(': heartbeat\n\n');
