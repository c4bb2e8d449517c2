// @ts-check
/**
 * Size: what a one-call program costs its users, bundled by esbuild (minified, ESM; browser
 * programs for the browser platform, the handler as a Worker) and compressed as servers send it:
 * gzip level 9 and brotli quality 11 (zlib). Dynamic `import()`s are left out of every bundle
 * (`dynamic-import-external.js`): code loaded on demand is not in the initial load. Each program is
 * bundled twice and must come out byte-identical, so every size is exact, not a sample.
 *
 * Beside the programs' figures, it runs the size budget check (`size-limit --json`, the
 * `.size-limit.js` at the root, as `pnpm size` does) so the budgets show the figures the test
 * command checks.
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { build } from "esbuild";
import { BUNDLE_TARGETS, dynamicImportExternal } from "./dynamic-import-external.js";

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const EMAIL = "ada@example.com";
const TOKEN = "dG9rOjEyMzQ1Njc4OTA=";
/** The headers every hand-made contender sends, as our client does. */
const HEADERS = `{ Accept: "application/json", Authorization: "Bearer ${TOKEN}", "Intercom-Version": "2.14" }`;
/** The React app's peers: the app has them anyway. */
export const REACT_PEERS = ["react", "react-dom", "react/jsx-runtime", "@tanstack/react-query"];

/** The one-call programs, each as its user would write it. */
export const PROGRAMS = {
  createLead: {
    title: "`createLead` (@intercom-leads/core)",
    target: /** @type {const} */ ("browser"),
    code: `import { createLead } from "@intercom-leads/core";
const lead = await createLead({ email: "${EMAIL}" }, { baseUrl: "/api/intercom" });
console.log(lead.id);
`,
  },
  handler: {
    title: "`createLeadHandler` (@intercom-leads/core/server)",
    target: /** @type {const} */ ("worker"),
    code: `import { createLeadHandler } from "@intercom-leads/core/server";
let handler;
export default {
  fetch(request, env) {
    handler ??= createLeadHandler({ token: env.INTERCOM_TOKEN, allowedOrigins: ["https://shop.example"] });
    return handler(request);
  },
};
`,
  },
  reactApp: {
    title: "`useCreateLead` + `IntercomLeadsProvider` + `createIntercom` (@intercom-leads/react)",
    target: /** @type {const} */ ("browser"),
    code: `import { createIntercom } from "@intercom-leads/core";
import { IntercomLeadsProvider, useCreateLead } from "@intercom-leads/react";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createElement as h } from "react";
const intercom = createIntercom({ baseUrl: "/api/intercom" });
const queryClient = new QueryClient();
function SignupForm() {
  const { mutate, isPending, data } = useCreateLead();
  return h("button", { disabled: isPending, onClick: () => mutate({ email: "${EMAIL}" }) }, data ? data.id : "Sign up");
}
export function App() {
  return h(QueryClientProvider, { client: queryClient }, h(IntercomLeadsProvider, { client: intercom }, h(SignupForm)));
}
`,
  },
  intercomClient: {
    title: '`intercom-client` `contacts.create({ role: "lead", email })`',
    target: /** @type {const} */ ("browser"),
    code: `import { IntercomClient } from "intercom-client";
const client = new IntercomClient({ token: "${TOKEN}" });
const lead = await client.contacts.create({ role: "lead", email: "${EMAIL}" });
console.log(lead.id);
`,
  },
  openapiFetch: {
    title: "`openapi-fetch` `POST /contacts`",
    target: /** @type {const} */ ("browser"),
    code: `import createClient from "openapi-fetch";
const client = createClient({ baseUrl: "https://api.intercom.io", headers: ${HEADERS} });
const { data, error } = await client.POST("/contacts", { body: { role: "lead", email: "${EMAIL}" } });
if (error) throw new Error("Intercom: " + JSON.stringify(error));
console.log(data.id);
`,
  },
  bareFetch: {
    title: "bare `fetch` `POST /contacts`",
    target: /** @type {const} */ ("browser"),
    code: `const response = await fetch("https://api.intercom.io/contacts", {
  method: "POST",
  headers: { ...${HEADERS}, "Content-Type": "application/json" },
  body: JSON.stringify({ role: "lead", email: "${EMAIL}" }),
});
if (!response.ok) throw new Error("Intercom: HTTP " + response.status);
console.log((await response.json()).id);
`,
  },
  kyAlone: {
    title: "ky alone `ky.post(…).json()`",
    target: /** @type {const} */ ("browser"),
    code: `import ky from "ky";
const lead = await ky.post("https://api.intercom.io/contacts", { headers: ${HEADERS}, json: { role: "lead", email: "${EMAIL}" } }).json();
console.log(lead.id);
`,
  },
};

/** @typedef {keyof typeof PROGRAMS} ProgramName */

/**
 * The measured bundles: a program and what is left external.
 * @type {{ key: string, program: ProgramName, external: string[], label: string }[]}
 */
export const BUNDLES = [
  { key: "createLead", program: "createLead", external: [], label: "createLead: ours + ky" },
  { key: "createLeadOwn", program: "createLead", external: ["ky"], label: "createLead: own code (ky external)" },
  { key: "handler", program: "handler", external: [], label: "createLeadHandler Worker: ours + ky" },
  {
    key: "handlerOwn",
    program: "handler",
    external: ["ky"],
    label: "createLeadHandler Worker: own code (ky external)",
  },
  {
    key: "reactApp",
    program: "reactApp",
    external: REACT_PEERS,
    label: "Browser app with useCreateLead: ours + ky (peers external)",
  },
  {
    key: "reactAppOwn",
    program: "reactApp",
    external: [...REACT_PEERS, "ky"],
    label: "Browser app with useCreateLead: own code (peers, ky external)",
  },
  {
    key: "reactPackage",
    program: "reactApp",
    external: [...REACT_PEERS, "@intercom-leads/core"],
    label: "@intercom-leads/react alone (peers, @intercom-leads/core external)",
  },
  { key: "intercomClient", program: "intercomClient", external: [], label: "intercom-client contacts.create" },
  { key: "openapiFetch", program: "openapiFetch", external: [], label: "openapi-fetch POST /contacts" },
  { key: "kyAlone", program: "kyAlone", external: [], label: "ky alone (one ky.post)" },
  { key: "bareFetch", program: "bareFetch", external: [], label: "bare fetch" },
];

/**
 * @typedef {object} BundleSize
 * @property {string} key
 * @property {string} label
 * @property {ProgramName} program
 * @property {"browser" | "worker"} target
 * @property {string[]} external
 * @property {number} raw minified bytes
 * @property {number} gzip
 * @property {number} brotli
 * @property {string[]} dynamicImports the `import()`s left out of the bundle
 * @property {string[]} packages the packages in the bundle, with their share of the minified bytes
 */

/**
 * Bundles `code` as a program of `target`, leaving `external` and every dynamic import out.
 * @param {string} code
 * @param {"browser" | "worker"} target
 * @param {string[]} external
 */
export async function bundleProgram(code, target, external = []) {
  /** @type {string[]} */
  const dynamicImports = [];
  const result = await build({
    stdin: { contents: code, resolveDir: HERE, sourcefile: "program.js", loader: "js" },
    bundle: true,
    write: false,
    minify: true,
    treeShaking: true,
    metafile: true,
    logLevel: "silent",
    external,
    ...BUNDLE_TARGETS[target],
    plugins: [
      dynamicImportExternal({
        onExternal: (path, importer) => dynamicImports.push(`${path} (from ${relative(ROOT, importer)})`),
      }),
    ],
  });
  const [output] = result.outputFiles;
  if (!output) throw new Error("esbuild produced nothing");
  return { bytes: output.contents, metafile: result.metafile, dynamicImports };
}

/** @param {Uint8Array} bytes */
export function compressedSizes(bytes) {
  return {
    raw: bytes.byteLength,
    gzip: gzipSync(bytes, { level: 9 }).byteLength,
    brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY } })
      .byteLength,
  };
}

/**
 * The packages in a bundle and their bytes in the (minified, uncompressed) output, largest first.
 * @param {import("esbuild").Metafile} metafile
 */
function packagesIn(metafile) {
  /** @type {Map<string, number>} */
  const byPackage = new Map();
  for (const output of Object.values(metafile.outputs)) {
    for (const [path, { bytesInOutput }] of Object.entries(output.inputs)) {
      const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\/(?!.*node_modules\/)/.exec(path);
      const name =
        match?.[1] ??
        (path.startsWith("packages/") || path.includes("/packages/")
          ? `@intercom-leads/${path.split("packages/")[1]?.split("/")[0]}`
          : "program");
      byPackage.set(name, (byPackage.get(name) ?? 0) + bytesInOutput);
    }
  }
  return [...byPackage]
    .filter(([, bytes]) => bytes > 0)
    .sort((a, b) => b[1] - a[1])
    .map(([name, bytes]) => `${name} ${bytes}`);
}

/**
 * The size budget check as `pnpm size` runs it: `size-limit --json` at the root. `undefined` when
 * size-limit is not installed or printed nothing usable.
 * @returns {Promise<{ name: string, size: number, sizeLimit: number, passed: boolean }[] | { error: string }>}
 */
export async function runSizeLimit() {
  const bin = join(ROOT, "node_modules", "size-limit", "bin.js");
  if (!existsSync(bin)) return { error: "size-limit is not installed at the root" };
  // It exits 1 when a budget is exceeded; the JSON is printed all the same.
  const { stdout } = await promisify(execFile)(process.execPath, [bin, "--json"], {
    cwd: ROOT,
    maxBuffer: 1 << 20,
  }).catch((error) => ({
    stdout: String(error.stdout ?? ""),
  }));
  const start = stdout.indexOf("[");
  const end = stdout.lastIndexOf("]");
  if (start === -1 || end === -1) return { error: `size-limit printed no JSON: ${stdout.slice(0, 200)}` };
  return JSON.parse(stdout.slice(start, end + 1));
}

export async function sizeBenchmark() {
  /** @type {BundleSize[]} */
  const sizes = [];
  for (const bundle of BUNDLES) {
    const program = PROGRAMS[bundle.program];
    const first = await bundleProgram(program.code, program.target, bundle.external);
    const second = await bundleProgram(program.code, program.target, bundle.external);
    if (Buffer.compare(Buffer.from(first.bytes), Buffer.from(second.bytes)) !== 0)
      throw new Error(`${bundle.key}: two builds differ`);
    sizes.push({
      key: bundle.key,
      label: bundle.label,
      program: bundle.program,
      target: program.target,
      external: bundle.external,
      ...compressedSizes(first.bytes),
      dynamicImports: [...new Set(first.dynamicImports)],
      packages: packagesIn(first.metafile),
    });
  }
  const sizeLimit = await runSizeLimit();
  /** @param {string} key */
  const get = (key) => /** @type {BundleSize} */ (sizes.find((size) => size.key === key));
  const baseline = get("intercomClient");
  return {
    sizes,
    programs: PROGRAMS,
    baselineKey: baseline.key,
    sizeLimit,
    /** our browser app (ours + ky, peers excluded) / intercom-client, gzip */
    appVsIntercomClient: get("reactApp").gzip / baseline.gzip,
    createLeadVsIntercomClient: get("createLead").gzip / baseline.gzip,
  };
}
