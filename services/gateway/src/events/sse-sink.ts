import type { Socket } from 'node:net';
import type { ServerResponse } from 'node:http';
import { SseFrame } from './sse-frame';
import { tooSlow } from './slow-client-policy';

/** What the sink needs of Node's response (its public fields and two it keeps itself). */
type Response = ServerResponse & { chunkedEncoding?: boolean };

/**
 * Where one stream's frames go once its headers are sent: straight onto the socket, the same
 * shared bytes for every stream (an HTTP/1.1 chunk when the response is chunked), past Express,
 * Nest and Node's per-write bookkeeping. The end of the stream goes through the response, so
 * Node closes the body (its last chunk) and the socket as it would for any response.
 *
 * Backpressure: while the bytes queued on the socket stay under `maxBufferedBytes` a client may
 * read slowly; past it, the stream is cut off (`onSlow`) at once, and nothing waits for it.
 */
export class SseSink {
  private socket: Socket | null = null;
  private chunked = false;
  private cut = false;

  constructor(
    private readonly res: Response,
    private readonly maxBufferedBytes: number,
    private readonly onSlow: () => void,
  ) {}

  /** Sends the response's headers (set before); frames written before this go nowhere. */
  open(): void {
    const res = this.res;
    res.flushHeaders();
    const socket = res.socket;
    // A pipelined response that is not the socket's current one must queue behind it (rare: no
    // browser pipelines); it keeps Node's own writes.
    const current = (socket as (Socket & { _httpMessage?: unknown }) | null)?._httpMessage === res;
    this.socket = current ? socket : null;
    this.chunked = res.chunkedEncoding === true;
  }

  /** Bytes written but not yet taken by the client's socket. */
  get buffered(): number {
    return this.socket ? this.socket.writableLength : this.res.writableLength;
  }

  /** Writes one frame; false when the stream is (or has just been) cut off. */
  write(frame: SseFrame): boolean {
    if (this.cut || !this.res.headersSent) return false;
    const socket = this.socket;
    let accepted: boolean;
    if (socket) {
      if (socket.destroyed) return false;
      accepted = socket.write(this.chunked ? frame.chunked : frame.bytes);
    } else {
      accepted = this.res.write(frame.bytes);
    }
    if (!tooSlow(accepted, this.buffered, this.maxBufferedBytes)) return true;
    this.cut = true;
    this.onSlow();
    return false;
  }

  /** Ends the stream after a last frame (queued bytes still go out). */
  end(last?: SseFrame): void {
    if (last) this.write(last);
    this.res.end();
  }

  /** Drops the connection and whatever is still queued for it (a client too slow). */
  destroy(): void {
    this.cut = true;
    this.res.destroy();
  }
}
