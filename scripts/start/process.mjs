// Small helpers for long-running children: each one gets its own process group
// (detached), so a terminal's Ctrl-C reaches only the orchestrator, which then
// stops the children itself, in order.
import { spawn } from 'node:child_process';
import { connect } from 'node:net';

/** Spawns a long-running child in its own process group with piped output. */
export function spawnGroup(command, args, options = {}) {
  const child = spawn(command, args, {
    ...options,
    detached: true,
    stdio: options.stdio ?? ['ignore', 'pipe', 'pipe'],
  });
  child.exited = new Promise((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  child.once('error', () => undefined); // reported through `exited` / the caller's own listener
  return child;
}

function signalGroup(child, signal, group = true) {
  try {
    if (!group) throw new Error('just the child');
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      // already gone
    }
  }
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves once the child has exited. */
export async function stopChild(child, graceMs = 10_000, { group = true } = {}) {
  if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return;
  signalGroup(child, 'SIGTERM', group);
  let timer;
  const killed = new Promise((resolve) => {
    timer = setTimeout(() => {
      signalGroup(child, 'SIGKILL');
      resolve(true);
    }, graceMs);
  });
  const forced = await Promise.race([child.exited.then(() => false), killed]);
  clearTimeout(timer);
  if (forced) await child.exited;
  return forced;
}

/** Immediate SIGKILL of the child's group (second Ctrl-C). */
export function killChild(child) {
  if (child?.pid && child.exitCode === null && child.signalCode === null)
    signalGroup(child, 'SIGKILL');
}

/** True when something accepts a TCP connection on host:port. */
export function portAnswers(port, host = '127.0.0.1', timeoutMs = 1000) {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (answer) => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
