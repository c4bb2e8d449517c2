// @ts-check
/**
 * Runs a benchmark script in a child process of its own and returns what it printed last, as JSON.
 * A measurement that allocates (latency, React) must not inherit the heap earlier benchmarks left
 * behind, nor leave its globals (jsdom's) to later ones.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";

/**
 * @param {string} script the child's file; it prints its result as one JSON line, last
 * @param {unknown} settings passed to it as its one argument, as JSON
 * @param {number} timeoutMs the child is killed after this long
 * @param {string[]} [nodeOptions] e.g. `--expose-gc`
 * @returns {Promise<any>}
 */
export async function runInChild(script, settings, timeoutMs, nodeOptions = []) {
  const child = spawn(process.execPath, [...nodeOptions, script, JSON.stringify(settings)], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk) => (stdout += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk) => (stderr += chunk));
  const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
  const [code, signal] = await once(child, "exit");
  clearTimeout(timer);
  const line = stdout.trim().split("\n").at(-1) ?? "";
  if (code !== 0 || !line.startsWith("{")) {
    throw new Error(
      `${script} exited with ${code ?? signal}: ${(stderr || stdout).trim().split("\n").slice(-15).join("\n")}`,
    );
  }
  return JSON.parse(line);
}
