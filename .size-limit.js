// The size budgets of issue 6, checked by `pnpm size` (part of `pnpm test`) on the built packages.
// Sizes are gzip (level 9), in size-limit's units: 1 kB = 1000 bytes. Each check bundles with esbuild
// (minified, ESM) through the same plugin as the size benchmark (`pnpm bench`), which leaves dynamic
// `import()`s out: code loaded on demand is not part of the initial load. `ignore` = external.
// Needs `pnpm build` first; downloads nothing and starts no browser (esbuild and zlib only).
//
// Issue 6's budgets are 2 kB (createLead), 3 kB (the handler), 1.5 kB (React) and 12 kB (the browser app).
// React and the browser app meet theirs. createLead and the handler do not (bench/BENCHMARKS.md says what
// costs what). Every limit was set in the remodel (issue 10) to what that design measures, then raised
// once, by 0.43-0.46 kB, for issue 11's per-version lead-field table (validation that knows each API
// version's field types ships with every client), then by 0.11 kB for fixes from a review of that work (a
// version's fields built once instead of per create; maybeCreated kept on a custom fetch's own errors; an
// abort while the answer is read). Issues 13 and 14 raised three of them (session 4), each by what it
// measured to add: createLead +0.29 kB (the proxy-only options: idempotencyKey, verificationToken,
// attribution, sent as headers and refused on a token client); the handler +2.07 kB (every handler now
// checks eight more options when it is created and runs the idempotency-key step and the event reporting;
// what only some handlers use — the guards, the key's gate and stores, attribution, the share gate — loads
// on first use and is not counted); the browser app +0.55 kB (those client options, and a key per React
// submission, on insecure pages too). One more +0.01 kB on createLead and the browser app: the client's
// governor loads through the same onFirstUse as the handler's on-demand steps (a copy of it removed), which
// took 0.02 kB off the handler. Ceilings only go down from here: lower a limit in the commit that shrinks its bundle
// (CONTRIBUTING.md, "Size budgets").
import { sizeLimitEsbuild } from "./bench/src/dynamic-import-external.js";

const PEERS = ["react", "react-dom", "react/jsx-runtime", "@tanstack/react-query"];

export default [
  {
    name: "createLead: own code, beyond ky (budget 2 kB, not met: held at its size)",
    path: "packages/core/dist/index.js",
    import: "{ createLead }",
    ignore: ["ky"],
    gzip: true,
    limit: "6.01 kB",
    modifyEsbuildConfig: sizeLimitEsbuild("browser"),
  },
  {
    name: "createLeadHandler: own code, beyond ky (budget 3 kB, not met: held at its size)",
    path: "packages/core/dist/server/index.js",
    import: "{ createLeadHandler }",
    ignore: ["ky"],
    gzip: true,
    limit: "9.32 kB",
    modifyEsbuildConfig: sizeLimitEsbuild("worker"),
  },
  {
    // Raised from 1.15 kB for issue 14 (0.29 kB): each submission's idempotency key, kept with the mutation,
    // and the resend of a key the proxy says is in use; then 0.04 kB for a bug fix: pages served over plain
    // http: have no crypto.randomUUID, and their submissions threw instead of getting a key.
    name: "@intercom-leads/react: beyond its peers and core (budget 1.5 kB)",
    path: "packages/react/dist/index.js",
    import: "*",
    ignore: [...PEERS, "@intercom-leads/core"],
    gzip: true,
    limit: "1.48 kB",
    modifyEsbuildConfig: sizeLimitEsbuild("browser"),
  },
  {
    // Offline capture is a second entry, so apps without it do not carry it: this is what an app with it pays.
    name: "@intercom-leads/react with /offline (registerLeadMutationDefaults, usePendingLeads), beyond peers and core",
    import: {
      "packages/react/dist/index.js": "*",
      "packages/react/dist/offline.js": "{ registerLeadMutationDefaults, usePendingLeads }",
    },
    ignore: [...PEERS, "@intercom-leads/core"],
    gzip: true,
    limit: "1.76 kB",
    modifyEsbuildConfig: sizeLimitEsbuild("browser"),
  },
  {
    name: "Browser app: createIntercom + IntercomLeadsProvider + useCreateLead, with ky, peers excluded (budget 12 kB)",
    import: {
      "packages/core/dist/index.js": "{ createIntercom }",
      "packages/react/dist/index.js": "{ IntercomLeadsProvider, useCreateLead }",
    },
    ignore: PEERS,
    gzip: true,
    limit: "11.54 kB",
    modifyEsbuildConfig: sizeLimitEsbuild("browser"),
  },
];
