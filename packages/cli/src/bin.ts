#!/usr/bin/env node
import { main } from "./cli/main.ts";

try {
  process.exitCode = await main(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
  });
} catch (error) {
  // A bug, not a user error: show it whole. The journal is written as rows go, so a re-run resumes.
  console.error(error);
  process.exitCode = 3;
}
