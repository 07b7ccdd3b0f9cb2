// Shared by the sandbox scripts (sandbox-job.mjs, sandbox-installer.mjs): the pause between
// simulated steps, and the exit through the termination message (docs/job-contract.md).
import { writeFileSync } from 'node:fs';

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Writes `message` to the termination message path, then exits with `code`. */
export function finishWith(terminationPath, message, code) {
  try {
    writeFileSync(terminationPath, JSON.stringify(message));
  } catch (error) {
    console.error(`could not write the termination message: ${error.message}`);
  }
  process.exit(code);
}
