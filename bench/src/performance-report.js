// @ts-check
/**
 * Turns the results of the size, latency, cold-start and React benchmarks (issue 6) into their
 * figures with targets, and into the "Size, latency, cold start and React" section of bench/BENCHMARKS.md,
 * written between its own markers by `report.js`'s `writeSection`.
 */
import { CONTENDER_LABELS, CONTENDERS, SERVER_LABELS, SERVERS } from "./latency.js";
import { count, fixed, verdict } from "./stats.js";

export const PERFORMANCE_MARKERS = { start: "<!-- bench:performance:start -->", end: "<!-- bench:performance:end -->" };

/** Budgets of issue 6, gzip bytes (1 kB = 1000 bytes). */
export const BUDGETS = {
  createLeadOwn: 2000,
  handlerOwn: 3000,
  reactPackage: 1500,
  reactApp: 12000,
  /** our browser app / intercom-client's contacts.create, gzip */
  appVsIntercomClient: 0.4,
};

/** The size-limit check (`.size-limit.js`) that budgets the same thing as each bundle: the start of its name (a check not met says so after it). */
const SIZE_LIMIT_CHECKS = {
  createLeadOwn: "createLead: own code, beyond ky",
  handlerOwn: "createLeadHandler: own code, beyond ky",
  reactPackage: "@intercom-leads/react: beyond its peers and core",
  reactApp: "Browser app: createIntercom + IntercomLeadsProvider + useCreateLead, with ky, peers excluded",
};

/** 1234 → "1.23 kB" (1 kB = 1000 bytes) @param {number} bytes */
export function kB(bytes) {
  return `${(bytes / 1000).toFixed(2)} kB`;
}

/** @param {unknown} error */
function firstLine(error) {
  return error instanceof Error ? (error.message.split("\n")[0] ?? "") : String(error);
}

/** @param {unknown} error */
function skipped(error) {
  return String(error).includes("skipped (--only)");
}

/**
 * @typedef {import("./report.js").Check} Check
 */

/**
 * The figures with their targets, in the order of the issue.
 * @param {any} results `{ size, latency, coldstart, react, settings }`, each `{ value } | { error }`
 * @returns {Check[]}
 */
export function performanceChecks({ size, latency, coldstart, react }) {
  /** @type {Check[]} */
  const list = [];
  /** @param {string} name @param {string} target @param {unknown} error */
  const failed = (name, target, error) =>
    list.push({
      name,
      figure: skipped(error) ? "not run (--only)" : `did not run: ${firstLine(error)}`,
      target,
      ok: undefined,
    });

  // Size.
  const sizeNames = {
    createLeadOwn: "Size: `createLead`, own code beyond ky (gzip)",
    handlerOwn: "Size: `createLeadHandler` Worker, own code beyond ky (gzip)",
    reactPackage: "Size: @intercom-leads/react beyond its peers and core (gzip)",
    reactApp: "Size: browser app with `useCreateLead`, ours + ky, peers excluded (gzip)",
  };
  if (size.error) {
    for (const [key, name] of Object.entries(sizeNames))
      failed(name, `≤ ${kB(BUDGETS[/** @type {keyof typeof BUDGETS} */ (key)])}`, size.error);
    failed(
      "Size: browser app / intercom-client `contacts.create` (gzip)",
      `< ${BUDGETS.appVsIntercomClient}`,
      size.error,
    );
  } else {
    const s = size.value;
    /** @param {string} key */
    const get = (key) => s.sizes.find((/** @type {any} */ entry) => entry.key === key);
    const sizeLimit = Array.isArray(s.sizeLimit) ? s.sizeLimit : [];
    for (const [key, name] of Object.entries(sizeNames)) {
      const budget = BUDGETS[/** @type {keyof typeof BUDGETS} */ (key)];
      const entry = get(key);
      const checked = sizeLimit.find((/** @type {any} */ check) =>
        check.name.startsWith(SIZE_LIMIT_CHECKS[/** @type {keyof typeof SIZE_LIMIT_CHECKS} */ (key)]),
      );
      list.push({
        name,
        figure: `**${kB(entry.gzip)}** (${count(entry.gzip)} B; brotli ${count(entry.brotli)} B; \`pnpm size\`: ${checked ? `${count(checked.size)} B` : "—"})`,
        target: `≤ ${kB(budget)}`,
        ok: entry.gzip <= budget,
      });
    }
    const app = get("reactApp");
    const baseline = get(s.baselineKey);
    list.push({
      name: "Size: browser app / intercom-client `contacts.create` (gzip)",
      figure: `**${fixed(s.appVsIntercomClient, 3)}** (${count(app.gzip)} B / ${count(baseline.gzip)} B; brotli ${fixed(app.brotli / baseline.brotli, 3)})`,
      target: `< ${BUDGETS.appVsIntercomClient}`,
      ok: s.appVsIntercomClient < BUDGETS.appVsIntercomClient,
    });
  }

  // Latency: the fake Intercom (the issue's figure), then the minimal server, the same targets for both.
  /** @type {Record<(typeof SERVERS)[number], string>} */
  const latencyPrefix = { fake: "Latency, fake Intercom", minimal: `Latency, ${SERVER_LABELS.minimal}` };
  if (latency.error) {
    for (const server of SERVERS) {
      failed(`${latencyPrefix[server]}: ours / ky alone (µs per sequential create)`, "≤ 1.05", latency.error);
      failed(`${latencyPrefix[server]}: ours / intercom-client (µs per sequential create)`, "≤ 1.00", latency.error);
    }
  } else {
    const l = latency.value;
    for (const server of SERVERS) {
      const f = server === "fake" ? l : l.minimal;
      const same = f.requests.ours.same && f.requests.ky.same && f.requests.intercomClient.same;
      list.push({
        name: `${latencyPrefix[server]}: ours / ky alone, ${count(l.count)} sequential creates × ${l.rounds} rounds`,
        figure: `**${fixed(f.oursVsKy, 3)}** (medians ${count(f.medians.ours)} vs ${count(f.medians.ky)} µs per call; median of per-round ratios ${fixed(f.pairedOursVsKy, 3)})`,
        target: "≤ 1.05",
        ok: f.oursVsKy <= 1.05 && same,
      });
      list.push({
        name: `${latencyPrefix[server]}: ours / intercom-client, same runs`,
        figure: `**${fixed(f.oursVsIntercomClient, 3)}** (medians ${count(f.medians.ours)} vs ${count(f.medians.intercomClient)} µs per call; median of per-round ratios ${fixed(f.pairedOursVsIntercomClient, 3)})`,
        target: "≤ 1.00",
        ok: f.oursVsIntercomClient <= 1 && same,
      });
      list.push({
        name: `${latencyPrefix[server]}: added per call over bare fetch (median of per-round differences)`,
        figure: `ours **${count(f.added.ours)} µs**, ky alone ${count(f.added.ky)} µs, intercom-client ${count(f.added.intercomClient)} µs (bare fetch ${count(f.medians.bare)} µs per call)`,
        target: "diagnostic",
        ok: undefined,
      });
    }
  }

  // Cold start.
  if (coldstart.error)
    failed("Worker cold start: ours / intercom-client (new Miniflare → first answer)", "report", coldstart.error);
  else {
    const c = coldstart.value;
    list.push({
      name: `Worker cold start: ours / intercom-client, new Miniflare → first lead answered, ${c.rounds} rounds`,
      figure: `**${fixed(c.ratio, 3)}** (medians ${fixed(c.medians.ours.totalMs, 0)} vs ${fixed(c.medians.intercomClient.totalMs, 0)} ms; initial modules ${count(c.bundles.ours.initial.gzip)} vs ${count(c.bundles.intercomClient.initial.gzip)} B gzip)`,
      target: "diagnostic",
      ok: undefined,
    });
  }

  // React.
  if (react.error) {
    failed("React: renders through one submission, ours vs hand-written", "ours ≤ hand-written", react.error);
    failed("React: requests after a double click, ours vs hand-written", "ours ≤ hand-written", react.error);
  } else {
    const r = react.value;
    list.push({
      name: "React: form renders through one submission (idle → pending → success), ours vs hand-written `useMutation` + `fetch`",
      figure: `**${r.single.ours.renders} vs ${r.single.handWritten.renders}** (requests ${r.single.ours.requests} vs ${r.single.handWritten.requests})`,
      target: "ours ≤ hand-written",
      ok:
        r.single.ours.renders <= r.single.handWritten.renders &&
        r.single.ours.requests <= r.single.handWritten.requests,
    });
    list.push({
      name: "React: requests after a double click (two submits in a row), ours vs hand-written",
      figure: `**${r.double.ours.requests} vs ${r.double.handWritten.requests}** (renders ${r.double.ours.renders} vs ${r.double.handWritten.renders})`,
      target: "ours ≤ hand-written",
      ok:
        r.double.ours.requests <= r.double.handWritten.requests &&
        r.double.ours.renders <= r.double.handWritten.renders,
    });
  }
  return list;
}

/** @param {Check} check */
function resultCell(check) {
  return check.target === "diagnostic" ? "—" : check.ok === undefined ? "not run" : verdict(check.ok);
}

/** @param {string} code */
function codeBlock(code) {
  return ["```js", code.trimEnd(), "```"];
}

/**
 * @param {any} results
 * @param {ReturnType<typeof import("./environment.js").describeEnvironment>} env
 * @param {{ command: string, totalMs: number, loadAverageEnd: number[] }} run
 */
export function performanceSection(results, env, run) {
  const { size, latency, coldstart, react, settings } = results;
  const p = env.packages;
  const lines = [
    PERFORMANCE_MARKERS.start,
    "## Size, latency, cold start and React",
    "",
    `Written by \`${run.command}\` on ${env.date}${env.commit ? ` at commit ${env.commit}` : ""}, in the same run as the section above (the whole run took ${fixed(run.totalMs / 1000, 0)} s). Targets from issue 6. Sizes are in bytes (B) and kB = 1000 bytes.`,
    "",
    `- **Machine:** ${env.cpuModel}, ${env.cores} cores, ${fixed(env.memoryGiB, 1)} GiB memory; ${env.os}; load average (1 / 5 / 15 min) ${env.loadAverage.map((value) => fixed(value, 2)).join(" / ")} at the start, ${run.loadAverageEnd.map((value) => fixed(value, 2)).join(" / ")} at the end (other work on the machine slows the wall-clock figures; sizes and counts do not depend on it).`,
    `- **Versions:** Node ${env.node}${env.pnpm ? `, pnpm ${env.pnpm}` : ""}; @intercom-leads/core ${env.core}, @intercom-leads/react ${env.react ?? "?"}, ky ${env.ky ?? "?"}; intercom-client ${p["intercom-client"] ?? "?"}, openapi-fetch ${p["openapi-fetch"] ?? "?"}; esbuild ${p.esbuild ?? "?"}, miniflare ${p.miniflare ?? "?"} (workerd ${p.workerd ?? "?"}); react ${p.react ?? "?"}, react-dom ${p["react-dom"] ?? "?"}, @tanstack/react-query ${p["@tanstack/react-query"] ?? "?"}, jsdom ${p.jsdom ?? "?"}, @testing-library/react ${p["@testing-library/react"] ?? "?"}.`,
    "- **Setup:** the packages as built (`dist`); the fake Intercom (`@intercom-leads/testing`, served by `serveFakeBackend`) in its own Node process on 127.0.0.1; for latency, also a minimal loopback server (canned answers, to isolate the clients' overhead) in another. Nothing leaves the machine.",
    "",
    "| Figure | Result | Target | |",
    "| --- | --- | --- | --- |",
    ...performanceChecks(results).map(
      (check) => `| ${check.name} | ${check.figure} | ${check.target} | ${resultCell(check)} |`,
    ),
    "",
  ];

  // Size.
  lines.push("### Size", "");
  if (size.error) lines.push(`Did not run: \`${firstLine(size.error)}\``, "");
  else {
    const s = size.value;
    const baseline = s.sizes.find((/** @type {any} */ entry) => entry.key === s.baselineKey);
    lines.push(
      'Each program below bundled by esbuild (`bundle`, `minify`, ESM; browser programs with `platform: "browser"`, the handler as a Worker with `platform: "neutral"` and conditions `workerd`, `worker`, `browser`), then compressed: gzip level 9 and brotli quality 11 (Node\'s zlib). Every dynamic `import()` is left out of the bundle by `bench/src/dynamic-import-external.js` (code loaded on demand is not in the initial load); the same plugin serves the `pnpm size` budget check (`.size-limit.js`). Each bundle is built twice and must be byte-identical: the sizes are exact, so there is nothing to take a median of. Ratios are to intercom-client\'s `contacts.create` bundle, measured in the same run.',
      "",
      "| Bundle | Minified | gzip | brotli | gzip / intercom-client | brotli / intercom-client | Packages in it (minified bytes) |",
      "| --- | ---: | ---: | ---: | ---: | ---: | --- |",
      ...s.sizes.map(
        (/** @type {any} */ entry) =>
          `| ${entry.label} | ${count(entry.raw)} | ${count(entry.gzip)} | ${count(entry.brotli)} | ${fixed(entry.gzip / baseline.gzip, 3)} | ${fixed(entry.brotli / baseline.brotli, 3)} | ${entry.packages.join(", ")} |`,
      ),
      "",
    );
    const dynamic = [...new Set(s.sizes.flatMap((/** @type {any} */ entry) => entry.dynamicImports))];
    lines.push(
      dynamic.length > 0
        ? `Dynamic imports left out (loaded on demand, not counted): ${dynamic.map((entry) => `\`${entry}\``).join(", ")}.`
        : "No bundle had a dynamic import to leave out.",
      "",
    );
    if (Array.isArray(s.sizeLimit)) {
      lines.push(
        "The budget check as `pnpm size` runs it (size-limit with `@size-limit/preset-small-lib`, `.size-limit.js`): the packages' exports imported as a program that logs them, the same esbuild options and plugin, gzip, minus size-limit's allowance for an empty project. It differs from the figures above by what the program does with the imports (and the React check takes all of the package's exports).",
        "",
        "| size-limit check | Size | Limit | |",
        "| --- | ---: | ---: | --- |",
        ...s.sizeLimit.map(
          (/** @type {any} */ check) =>
            `| ${check.name} | ${count(check.size)} B | ${count(check.sizeLimit)} B | ${verdict(check.passed)} |`,
        ),
        "",
      );
    } else lines.push(`The \`pnpm size\` budget check did not run: ${s.sizeLimit.error}`, "");
    lines.push("<details><summary>The programs</summary>", "");
    for (const program of Object.values(s.programs)) {
      lines.push(
        `${program.title}, ${program.target === "worker" ? "as a Worker" : "for the browser"}:`,
        "",
        ...codeBlock(program.code),
        "",
      );
    }
    lines.push(
      "External per bundle: *own code* rows leave `ky` out; the browser-app rows leave out react, react-dom, react/jsx-runtime and @tanstack/react-query (the app has them anyway); the @intercom-leads/react row leaves out @intercom-leads/core as well.",
      "",
      "</details>",
      "",
    );
  }

  // Latency.
  lines.push("### Latency overhead", "");
  if (latency.error) lines.push(`Did not run: \`${firstLine(latency.error)}\``, "");
  else {
    const l = latency.value;
    const names = /** @type {(typeof CONTENDERS)[number][]} */ ([...CONTENDERS]);
    /** One server's table: a row per round, the medians, each median / bare fetch's; then the added µs. @param {any} f */
    const serverTable = (f) => [
      `| Round | Order | ${names.map((name) => `${CONTENDER_LABELS[name]} (µs/call)`).join(" | ")} | ours / ky | ours / intercom-client | client CPU per call, ${names.map((name) => CONTENDER_LABELS[name].replace(/ \(.*\)$/, "")).join(" / ")} (µs) |`,
      `| ---: | --- | ${names.map(() => "---:").join(" | ")} | ---: | ---: | ---: |`,
      ...f.table.map(
        (/** @type {any} */ row) =>
          `| ${row.round} | ${row.order} | ${names.map((name) => count(row.micros[name])).join(" | ")} | ${fixed(row.micros.ours / row.micros.ky, 3)} | ${fixed(row.micros.ours / row.micros.intercomClient, 3)} | ${names.map((name) => count(row.cpu[name])).join(" / ")} |`,
      ),
      `| median | | ${names.map((name) => count(f.medians[name])).join(" | ")} | **${fixed(f.oursVsKy, 3)}** (≤ 1.05: ${verdict(f.oursVsKy <= 1.05)}) | **${fixed(f.oursVsIntercomClient, 3)}** (≤ 1.00: ${verdict(f.oursVsIntercomClient <= 1)}) | ${names.map((name) => count(f.cpuMedians[name])).join(" / ")} |`,
      `| / bare fetch | | ${names.map((name) => fixed(f.vsBare[name], 3)).join(" | ")} | | | ${names.map((name) => fixed(f.cpuMedians[name] / f.cpuMedians.bare, 3)).join(" / ")} |`,
      "",
      `Added per call over bare fetch (median of the per-round differences): ours ${count(f.added.ours)} µs, ky alone ${count(f.added.ky)} µs, intercom-client ${count(f.added.intercomClient)} µs.`,
      "",
    ];
    lines.push(
      `${count(l.count)} sequential creates per run (each awaited before the next), one lead per call, against two servers, each in its own Node process on 127.0.0.1 and reset before each run: the fake Intercom (no rate limit; after each run it must hold exactly ${count(l.count)} leads from ${count(l.count)} requests), and a minimal loopback server that answers every \`POST /contacts\` with the same 2.x contact (captured from the fake when it starts) straight from \`node:http\`, without validating or storing (after each run it must have answered exactly ${count(l.count)} creates). *ours* = \`createIntercom({ token, baseUrl }).createLead(input)\`, one client reused; *intercom-client* = \`new IntercomClient({ token, baseUrl, version: "${l.apiVersion}", headers: { Accept: "application/json" } }).contacts.create({ ...input, role: "lead" })\`; *ky alone* = one \`ky.create({ prefixUrl, retry: 0, throwHttpErrors: false, redirect: "manual", timeout: 20_000, headers })\` (ky configured as core configures it), \`.post("contacts", { body: JSON.stringify({ ...input, role: "lead" }) }).json()\`; *bare fetch* = \`fetch(url, { method: "POST", headers, body })\` then \`.json()\`, the baseline. One untimed warm-up run of ${count(l.warmUp)} each on each server first; then ${l.rounds} rounds, each running all four on both servers (the servers alternating which goes first), rotating which contender goes first. Each contender runs in a Node process of its own for the whole benchmark, so its code is optimised for its own calls only (sharing ky's and fetch's call sites in one process made whichever ran later pay for the others); the rounds stay interleaved in time. Figures: per run, wall time / calls; the medians are over the rounds. The client CPU per call (the contender's process's \`process.cpuUsage()\` over the run / calls) is a diagnostic: it varies less than wall time when other work shares the machine.`,
      "",
      "#### Fake Intercom (the issue's figure)",
      "",
      ...serverTable(l),
      "#### Minimal loopback server (client overhead isolated)",
      "",
      "The fake's own work per create (validating, storing, building and serialising the contact) is in every contender's time above, which pulls every ratio towards 1. Against the minimal server, what is left is the client and the loopback round trip, so these ratios show the clients' own overhead; the same targets apply.",
      "",
      ...serverTable(l.minimal),
      "Same requests? Each contender's first request (as the fake received it) against bare fetch's: method, path, body and the `Accept`, `Authorization`, `Content-Type` and `Intercom-Version` headers by value, other headers by name.",
      "",
    );
    for (const name of names.filter((name) => name !== "bare")) {
      const r = l.requests[name];
      const notes = [
        r.differentKeys.length > 0
          ? `**differs in ${r.differentKeys.join(", ")}**`
          : "same method, path, body and key headers",
        r.extraHeaders.length > 0
          ? `adds ${r.extraHeaders.map((/** @type {string} */ header) => `\`${header}\``).join(", ")}`
          : "",
        r.otherDifferent.length > 0
          ? `sends ${r.otherDifferent.map((/** @type {string} */ header) => `\`${header}\``).join(", ")}`
          : "",
        r.missingHeaders.length > 0
          ? `lacks ${r.missingHeaders.map((/** @type {string} */ header) => `\`${header}\``).join(", ")}`
          : "",
      ].filter(Boolean);
      lines.push(`- ${CONTENDER_LABELS[name]}: ${notes.join("; ")}.`);
    }
    const sameOnMinimal = names.every(
      (name) => JSON.stringify(l.minimal.requests[name]) === JSON.stringify(l.requests[name]),
    );
    lines.push(
      sameOnMinimal
        ? "- The minimal server received the same: each contender's first request compares with bare fetch's there as it does at the fake."
        : `- **The minimal server received otherwise**: ${names
            .filter((name) => JSON.stringify(l.minimal.requests[name]) !== JSON.stringify(l.requests[name]))
            .map((name) => `${CONTENDER_LABELS[name]}: \`${JSON.stringify(l.minimal.requests[name])}\``)
            .join("; ")}.`,
    );
    lines.push(
      `- intercom-client sends \`Accept: */*\` on \`contacts.create\` by default, which the fake refuses with 406 (it models Intercom as requiring \`application/json\` to be named); its \`headers\` option sets \`Accept: application/json\`. It sends \`Intercom-Version: ${l.samples.intercomClient?.headers?.["intercom-version"] ?? "?"}\` by default, the same as our client; the bench passes \`version: "${l.apiVersion}"\` anyway.`,
      "",
    );
  }

  // Cold start.
  lines.push("### Worker cold start", "");
  if (coldstart.error) lines.push(`Did not run: \`${firstLine(coldstart.error)}\``, "");
  else {
    const c = coldstart.value;
    lines.push(
      `Two module Workers bundled by esbuild (\`bundle\`, \`minify\`, ESM, \`platform: "neutral"\`, conditions \`workerd\`, \`worker\`, \`browser\`; code behind a dynamic \`import()\` split into chunks uploaded beside the main module): *ours* = \`export default { fetch: createLeadHandler({ token, allowedOrigins, baseUrl }) }\` (built on the first request from the bindings); *intercom-client* = a \`fetch\` that parses the JSON body and answers \`Response.json(await client.contacts.create({ ...input, role: "lead" }))\`. Each round starts each Worker in a fresh workerd (\`new Miniflare({ modules, compatibilityDate: "${c.compatibilityDate}" })\`) and times it to the first answer: a lead POST from an allowed origin, through the Worker to the fake on 127.0.0.1, answered 2xx with the lead. A second lead through the now-warm Worker is timed too (diagnostic); the fake must hold exactly those two leads. One untimed start of each first; rounds alternate which goes first.`,
      "",
      `Compatibility flags: ours ${c.flags.ours.length > 0 ? c.flags.ours.join(", ") : "none"}; intercom-client ${c.flags.intercomClient.length > 0 ? c.flags.intercomClient.join(", ") : "none"}${
        Object.keys(c.withoutNodejsCompat).length > 0
          ? ` (without nodejs_compat: ${Object.entries(c.withoutNodejsCompat)
              .map(([name, error]) => `${name}: \`${error}\``)
              .join("; ")})`
          : " (neither needs `nodejs_compat`)"
      }.`,
      "",
      "| Worker | Initial modules | Initial minified | Initial gzip | Lazy chunks (minified) | Cold start → first answer (median) | of which `new Miniflare` → ready | ready → first answer | second (warm) lead |",
      "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
      ...["ours", "intercomClient"].map((name) => {
        const b = c.bundles[name];
        const m = c.medians[name];
        return `| ${name === "ours" ? "ours (`createLeadHandler`)" : "intercom-client"} | ${b.initial.modules} | ${count(b.initial.raw)} B | ${count(b.initial.gzip)} B | ${b.lazy.modules > 0 ? `${b.lazy.modules}: ${count(b.lazy.raw)} B` : "—"} | **${fixed(m.totalMs, 1)} ms** | ${fixed(m.readyMs, 1)} ms | ${fixed(m.firstRequestMs, 1)} ms | ${fixed(m.warmMs, 1)} ms |`;
      }),
      `| ours / intercom-client | | | ${fixed(c.sizeRatio, 3)} | | **${fixed(c.ratio, 3)}** (median of per-round ratios ${fixed(c.pairedRatio, 3)}) | | ${fixed(c.firstRequestRatio, 3)} | |`,
      "",
      "| Round | Order | ours (ms) | intercom-client (ms) | ours / intercom-client |",
      "| ---: | --- | ---: | ---: | ---: |",
      ...c.table.map(
        (/** @type {any} */ row) =>
          `| ${row.round} | ${row.order} | ${fixed(row.results.ours.totalMs, 1)} | ${fixed(row.results.intercomClient.totalMs, 1)} | ${fixed(row.results.ours.totalMs / row.results.intercomClient.totalMs, 3)} |`,
      ),
      "",
      "Gzip sizes here are per module, summed (each module is compressed alone). Most of a cold start is workerd's own start; the Worker's share shows in *ready* (workerd compiles and evaluates the Worker's main module and its static imports as it starts) and in the first answer.",
      "",
    );
  }

  // React.
  lines.push("### React", "");
  if (react.error) lines.push(`Did not run: \`${firstLine(react.error)}\``, "");
  else {
    const r = react.value;
    const row = (/** @type {string} */ label, /** @type {any} */ c) =>
      `| ${label} | ${c.renders} (${c.rendersAll.join(", ")}) | ${c.sequences.join("; ")} | ${c.requests} (${c.requestsAll.join(", ")}) | ${c.upstream} | ${c.leads} | ${fixed(c.settledMs, 0)} ms |`;
    lines.push(
      `A sign-up form (a button in a \`<form>\`, and the mutation's status) rendered with React ${r.versions.react} in jsdom (a child process; React's development build, as @testing-library/react needs, no StrictMode), under a fresh \`QueryClient\` (retries off) per case, and submitted by clicking its button with @testing-library/react's \`fireEvent.click\`. *ours* = \`useCreateLead()\` under \`IntercomLeadsProvider\` with \`createIntercom({ baseUrl })\` (no token, as in a browser); *hand-written* = the same form with \`useMutation({ mutationFn })\` doing \`fetch(baseUrl + "/contacts", { method: "POST", headers, body: JSON.stringify(input) })\` and reading the JSON answer. Both post to our \`createLeadHandler\`, served over HTTP on 127.0.0.1 in that process${r.addedOrigin ? " (which adds the page's `Origin`, as a browser would send it and Node's fetch does not)" : ""}, which creates the lead at the fake. Renders are counted in the form component's body, mount to settled (last status \`success\`, no mutation pending, then ${250} ms more). ${r.rounds} rounds, alternating which goes first; figures are medians, with each round's in brackets.`,
      "",
      "| Case | Renders | Status at each render | Requests to the handler | Requests to Intercom | Leads stored | Click → settled |",
      "| --- | ---: | --- | ---: | ---: | ---: | ---: |",
      row("One submission: ours", r.single.ours),
      row("One submission: hand-written", r.single.handWritten),
      row("Double click: ours", r.double.ours),
      row("Double click: hand-written", r.double.handWritten),
      "",
      `Ours ≤ hand-written: renders through one submission ${r.single.ours.renders} vs ${r.single.handWritten.renders} (${verdict(r.single.ours.renders <= r.single.handWritten.renders)}); requests after a double click ${r.double.ours.requests} vs ${r.double.handWritten.requests} (${verdict(r.double.ours.requests <= r.double.handWritten.requests)}). The double click is two clicks in a row, the second while the first request is pending; neither form disables its button.`,
      "",
    );
  }

  lines.push(
    `Settings: ${JSON.stringify({ latency: settings.latency, coldstart: settings.coldstart, react: settings.react })}. Re-run with \`pnpm bench\` from the repository root (it builds the packages first); \`pnpm bench --only=size,latency,coldstart,react --quick\` is a smaller run that leaves this file alone.`,
    PERFORMANCE_MARKERS.end,
  );
  return lines.join("\n");
}
