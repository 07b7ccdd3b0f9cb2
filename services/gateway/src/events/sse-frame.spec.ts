import { HEARTBEAT, SseFrame } from './sse-frame';

describe('SseFrame', () => {
  it('frames an event with and without an id, the data as given', () => {
    expect(SseFrame.event('unread', '{"unread":2}', 5).toString()).toBe(
      'id: 5\nevent: unread\ndata: {"unread":2}\n\n',
    );
    expect(SseFrame.json('hello', {}).toString()).toBe('event: hello\ndata: {}\n\n');
    expect(HEARTBEAT.toString()).toBe(': heartbeat\n\n');
  });

  it('is one HTTP/1.1 chunk when chunked, built once', () => {
    const frame = SseFrame.event('x', '"é"');
    const bytes = frame.bytes.length; // "é" is two bytes: the size counts bytes, not characters
    expect(frame.chunked.toString()).toBe(`${bytes.toString(16)}\r\nevent: x\ndata: "é"\n\n\r\n`);
    expect(frame.chunked).toBe(frame.chunked);
  });
});
