// The "react-18" project: the same tests against React 18.3. Vite's aliases (vitest.react-18.config.ts)
// cover every module it transforms; react-dom 18 is CommonJS loaded by Node itself, so its own
// `require("react")` (which pnpm links to React 19, the package's dev version) is pointed at React 18 here.
import Module from "node:module";

const require = Module.createRequire(import.meta.url);
const targets: Record<string, string> = {
  react: "react-18",
  "react-dom": "react-dom-18",
};

type Resolve = (request: string, parent: unknown, ...rest: unknown[]) => string;
const internal = Module as unknown as { _resolveFilename: Resolve & { react18?: true } };
if (!internal._resolveFilename.react18) {
  const original = internal._resolveFilename;
  const patched: Resolve & { react18?: true } = (request, parent, ...rest) => {
    const [name, ...subpath] = request.split("/");
    const target = name === undefined ? undefined : targets[name];
    if (target) return require.resolve([target, ...subpath].join("/"));
    return original(request, parent, ...rest);
  };
  patched.react18 = true;
  internal._resolveFilename = patched;
}
