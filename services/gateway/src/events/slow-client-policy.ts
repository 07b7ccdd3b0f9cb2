/**
 * When to cut a client off: a write the socket did not take at once (`res.write` returned false)
 * is fine while the bytes still queued for it stay under the bound; past it, the client is too
 * slow and holding more would only grow the gateway's memory.
 */
export function tooSlow(writeAccepted: boolean, bufferedBytes: number, maxBytes: number): boolean {
  return !writeAccepted && bufferedBytes > maxBytes;
}
