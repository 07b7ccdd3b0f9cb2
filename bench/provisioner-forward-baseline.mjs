#!/usr/bin/env node
// Baseline for bench/provisioner-lines.mjs: the least a Node forwarder of OpenTofu's stream does.
// Spawns `<TOFU_BINARY> apply -input=false -json plan`, splits its stdout into lines per chunk,
// JSON.parse-s each (any translator must) and writes each message's `@message` (a readable line
// of about the entrypoint's length), a chunk's lines in one write as the entrypoint does
// (provisioners/src/lines.ts), without its step prefix, masking, diagnostics or progress.
import { spawn } from 'node:child_process';

const child = spawn(process.env.TOFU_BINARY, ['apply', '-input=false', '-json', 'plan'], {
  env: process.env,
  stdio: ['ignore', 'pipe', 'inherit'],
});
child.stdout.setEncoding('utf8');
let rest = '';
child.stdout.on('data', (chunk) => {
  const parts = (rest + chunk).split('\n');
  rest = parts.pop() ?? '';
  const out = parts.map((line) => (line.startsWith('{') ? JSON.parse(line)['@message'] : line));
  if (out.length > 0) process.stdout.write(out.join('\n') + '\n');
});
child.on('close', (code) => {
  if (rest !== '') process.stdout.write(rest + '\n');
  process.exitCode = code ?? 1;
});
