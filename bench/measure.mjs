import autocannon from 'autocannon';

/**
 * One autocannon run (programmatic API). Returns the numbers the report needs; with `cpu` (see
 * process-cpu.mjs) also the CPU ms each process on the path used during the measured run.
 * A short warm-up run first (not counted) so JIT, pools and keep-alive sockets are warm.
 * `signal` (an AbortSignal) stops the run early; what was measured so far is still returned.
 */
export async function measure(
  name,
  { url, method = 'GET', headers = {}, body, duration, connections, warmup, signal, cpu },
) {
  const options = { url, method, headers, body, connections, timeout: 30 };
  if (warmup > 0) {
    await run({ ...options, duration: warmup }, signal);
    await drain(options);
  }
  // `cpu` (a cpuProbe): the CPU time of the processes on the path during the measured run only.
  cpu?.start();
  const result = await run({ ...options, duration }, signal);
  const cpuMs = cpu?.stop();
  // Requests still in flight when autocannon stops are abandoned by the client but not by the
  // server (a login keeps hashing): let them finish so they do not load the next row.
  await drain(options);
  return {
    name,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    total: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    duration: result.duration,
    statusCodes: result.statusCodeStats,
    cpuMs,
  };
}

/**
 * One more request, alone: it queues behind whatever the server is still working on, so when
 * it answers the backlog is (nearly) gone. Its outcome does not matter.
 */
async function drain({ url, method, headers, body }) {
  try {
    const res = await fetch(url, { method, headers, body, signal: AbortSignal.timeout(60_000) });
    await res.arrayBuffer();
  } catch {
    // a report, not a test
  }
}

function run(options, signal) {
  return new Promise((resolve, reject) => {
    const instance = autocannon(options, (err, result) => {
      signal?.removeEventListener('abort', stop);
      if (err) reject(err);
      else resolve(result);
    });
    const stop = () => instance.stop();
    if (signal?.aborted) stop();
    else signal?.addEventListener('abort', stop, { once: true });
  });
}
