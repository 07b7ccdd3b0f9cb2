import { readFile, readdir, readlink } from 'node:fs/promises';

/** The socket inodes listening on a TCP port, from /proc/net/tcp{,6} (Linux); null elsewhere. */
async function listeningInodes(port: number): Promise<Set<string> | null> {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  const inodes = new Set<string>();
  let readAny = false;
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    const text = await readFile(table, 'utf8').catch(() => null);
    if (text === null) continue;
    readAny = true;
    for (const line of text.split('\n').slice(1)) {
      // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
      const fields = line.trim().split(/\s+/);
      if (fields.length < 10 || fields[3] !== '0A') continue; // 0A: LISTEN
      if (fields[1].endsWith(`:${hexPort}`)) inodes.add(fields[9]);
    }
  }
  return readAny ? inodes : null;
}

/**
 * Whether the process `pid` holds the socket listening on `port`. A port picked free can be
 * taken by another process before a service binds it; then that process (another suite's
 * service, even) may answer the readiness probe. True where /proc cannot tell (not Linux).
 */
export async function listensOn(pid: number, port: number): Promise<boolean> {
  const inodes = await listeningInodes(port);
  if (inodes === null) return true;
  if (inodes.size === 0) return false;
  const fds = await readdir(`/proc/${pid}/fd`).catch(() => []);
  for (const fd of fds) {
    const target = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => '');
    const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
    if (inode && inodes.has(inode)) return true;
  }
  return false;
}
