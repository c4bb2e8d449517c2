import { writeFileSync } from "node:fs";
import { FAKE_INTERCOM_TOKEN } from "@intercom-leads/testing";
import { describe, expect, onTestFinished } from "vitest";
import { validateDataAttributeSchema } from "../../testing/test/support/data-attribute-validators.ts";
import { parseAttributeNames } from "../src/cli/fake-flags.ts";
import { runCli, startCli } from "./support/cli.ts";
import { closedPort } from "./support/closed-port.ts";
import { runInProcess } from "./support/in-process.ts";
import { type ObservedFake, serveObservedFake } from "./support/observed-fake.ts";
import { readNdjson } from "./support/outputs.ts";
import { test } from "./support/workspace.ts";

/** A fake whose workspace defines only `defined`, as a real one refuses the rest; closed after the test. */
async function strictFake(defined: readonly string[]): Promise<ObservedFake> {
  const fake = await serveObservedFake({ customAttributes: defined });
  onTestFinished(() => fake.close());
  return fake;
}

const ensure = (fake: ObservedFake, ...args: string[]): string[] => [
  "attributes",
  "ensure",
  ...args,
  "--token",
  FAKE_INTERCOM_TOKEN,
  "--base-url",
  fake.url,
];

/** The custom attributes the fake's workspace has: name and type, oldest first. */
const defined = (fake: ObservedFake): string[] =>
  fake.fake.dataAttributes.map((attribute) => `${attribute.name}:${attribute.dataType}`);

describe("intercom-leads attributes ensure", () => {
  test("creates the missing contact attributes, says which existed, and a second run creates nothing", async ({
    dir,
  }) => {
    const fake = await strictFake(["plan"]);

    const first = await runCli(ensure(fake, "utm_source", "plan", "custom_attributes.utm_medium"), { cwd: dir });

    expect(first).toEqual({
      code: 0,
      signal: null,
      stdout: [
        "utm_source: created (string)",
        "plan: already defined (string)",
        "utm_medium: created (string)",
        "created 2, already defined 1",
        "",
      ].join("\n"),
      stderr: "",
    });
    expect(defined(fake)).toEqual(["plan:string", "utm_source:string", "utm_medium:string"]);
    const sent = fake.fake.requests.map(
      ({ method, url, status }) => `${method} ${url.replace(fake.url, "")} ${status}`,
    );
    expect(sent).toEqual([
      "GET /data_attributes?model=contact 200",
      "POST /data_attributes 200",
      "POST /data_attributes 200",
    ]);
    const [list, create] = fake.fake.requests;
    expect(list?.headers).toMatchObject({
      accept: "application/json",
      authorization: `Bearer ${FAKE_INTERCOM_TOKEN}`,
      "intercom-version": "2.14",
    });
    expect(create?.headers["content-type"]).toBe("application/json");
    expect(create?.body).toEqual({ name: "utm_source", model: "contact", data_type: "string" });
    expect(validateDataAttributeSchema("2.14", "create_data_attribute_request", create?.body)).toEqual({
      valid: true,
      errors: [],
    });

    const second = await runCli(ensure(fake, "utm_source", "plan", "custom_attributes.utm_medium"), { cwd: dir });

    expect(second).toEqual({
      code: 0,
      signal: null,
      stdout: [
        "utm_source: already defined (string)",
        "plan: already defined (string)",
        "utm_medium: already defined (string)",
        "created 0, already defined 3",
        "",
      ].join("\n"),
      stderr: "",
    });
    expect(fake.fake.requests.slice(3).map(({ method, path }) => `${method} ${path}`)).toEqual([
      "GET /data_attributes",
    ]);
    expect(defined(fake)).toEqual(["plan:string", "utm_source:string", "utm_medium:string"]);
  });

  test("creates with --type, warns when an existing attribute has another type, and leaves the standard ones alone", async ({
    dir,
  }) => {
    const fake = await strictFake(["plan"]);

    // `email` is a standard contact attribute: a custom one of that name is something Intercom refuses.
    const run = await runCli(ensure(fake, "seats", "plan", "email", "--type", "integer"), { cwd: dir });

    expect(run.stdout).toBe(
      ["seats: created (integer)", "plan: already defined (string)", "created 1, already defined 1, failed 1", ""].join(
        "\n",
      ),
    );
    expect(run.stderr).toBe(
      [
        "warning: plan is a string attribute, not integer; Intercom's API cannot change an attribute's type",
        "error: email: Intercom refused it: 400 parameter_invalid: You already have 'email' in your people data. To save this as new people data, use a different name.",
        "",
      ].join("\n"),
    );
    expect(run.code).toBe(1);
    expect(defined(fake)).toEqual(["plan:string", "seats:integer"]);
  });

  test("creates the good names, names each refused one with Intercom's reason, and exits 1", async ({ dir }) => {
    const fake = await strictFake([]);

    const run = await runCli(ensure(fake, "utm.source", "utm_source"), { cwd: dir });

    expect(run).toEqual({
      code: 1,
      signal: null,
      stdout: "utm_source: created (string)\ncreated 1, already defined 0, failed 1\n",
      stderr:
        "error: utm.source: Intercom refused it: 400 parameter_invalid: Your name for this attribute must only contain alphanumeric characters, currency symbols, and hyphens\n",
    });
    expect(defined(fake)).toEqual(["utm_source:string"]);
  });

  test("exits 1 and creates nothing when the list is refused (a wrong token)", async ({ dir }) => {
    const fake = await strictFake([]);

    const run = await runCli(["attributes", "ensure", "utm_source", "--token", "wrong", "--base-url", fake.url], {
      cwd: dir,
    });

    expect(run).toEqual({
      code: 1,
      signal: null,
      stdout: "",
      stderr: "error: Listing the attributes failed: 401 unauthorized: Access Token Invalid\n",
    });
    expect(fake.fake.requests.map(({ method, status }) => `${method} ${status}`)).toEqual(["GET 401"]);
    expect(defined(fake)).toEqual([]);
  });

  test("exits 1 naming the reason when Intercom cannot be reached", async ({ dir }) => {
    const url = `http://127.0.0.1:${await closedPort()}`;

    const run = await runCli(["attributes", "ensure", "a", "--token", "t", "--base-url", url], { cwd: dir });

    expect(run).toEqual({
      code: 1,
      signal: null,
      stdout: "",
      stderr: `error: GET ${url}/data_attributes?model=contact: connection refused\n`,
    });
  });

  test("exits 2, sending nothing, when the command cannot be used as given", async () => {
    const fake = await strictFake([]);
    const cases: [string[], Record<string, string>, string][] = [
      [
        ["attributes", "ensure", "a", "--base-url", fake.url],
        {},
        "error: An Intercom access token is needed: pass --token or set INTERCOM_TOKEN\n",
      ],
      [
        ["attributes", "ensure", "a", "--base-url", fake.url, "--api-version", "1.4"],
        { INTERCOM_TOKEN: FAKE_INTERCOM_TOKEN },
        "error: Data attributes are created through API 2.x; --api-version 1.4 is the legacy API\n",
      ],
      [
        ["attributes", "ensure", "a", "--base-url", "http://intercom.example", "--token", "t"],
        {},
        "error: A token is only sent over https://, or http:// to loopback\n",
      ],
      [
        ["attributes", "ensure", "custom_attributes.", "--token", "t"],
        {},
        "error: An attribute name cannot be empty\n",
      ],
    ];
    for (const [args, env, stderr] of cases) {
      const run = await runInProcess(args, env);
      expect({ args, code: run.code, stdout: run.stdout, stderr: run.stderr }).toEqual({
        args,
        code: 2,
        stdout: "",
        stderr,
      });
    }
    const badType = await runInProcess(["attributes", "ensure", "a", "--type", "text", "--token", "t"]);
    expect([badType.code, badType.stderr]).toEqual([
      2,
      "error: option '--type <type>' argument 'text' is invalid. Allowed choices are string, integer, float, boolean, date.\n(add --help for usage)\n",
    ]);
    expect(fake.fake.requests).toEqual([]);
  });
});

describe("end to end: a strict workspace and an import", () => {
  test("a lead with custom_attributes.utm_source is refused until attributes ensure utm_source ran, then created", async ({
    dir,
  }) => {
    const fake = await strictFake([]);
    const csv = "email,custom_attributes.utm_source\njulia@truth.org,newsletter\n";
    const importArgs = (file: string) => ["import", file, "--token", FAKE_INTERCOM_TOKEN, "--base-url", fake.url];
    writeFileSync(`${dir}/before.csv`, csv);
    writeFileSync(`${dir}/after.csv`, csv);

    const before = await runCli(importArgs("before.csv"), { cwd: dir });
    expect(before.code).toBe(1);
    expect(readNdjson(`${dir}/before.csv.rejects.ndjson`)).toEqual([
      {
        row: 2,
        input: { email: "julia@truth.org", custom_attributes: { utm_source: "newsletter" } },
        error: expect.objectContaining({
          name: "IntercomApiError",
          code: "parameter_invalid",
          message: expect.stringContaining("User attribute 'utm_source' does not exist"),
        }),
      },
    ]);
    expect(fake.fake.leads).toEqual([]);

    const ensured = await runCli(ensure(fake, "utm_source"), { cwd: dir });
    expect([ensured.code, ensured.stdout]).toEqual([0, "utm_source: created (string)\ncreated 1, already defined 0\n"]);

    const after = await runCli(importArgs("after.csv"), { cwd: dir });
    expect(after.code).toBe(0);
    expect(fake.fake.leads.map((lead) => [lead.body.email, lead.body.custom_attributes])).toEqual([
      ["julia@truth.org", { utm_source: "newsletter" }],
    ]);
  });
});

describe("intercom-leads fake --custom-attributes", () => {
  test("reads a comma-separated list; an empty one defines none, a repeated name is refused", () => {
    expect(parseAttributeNames("plan, utm_source,")).toEqual(["plan", "utm_source"]);
    expect(parseAttributeNames("")).toEqual([]);
    expect(() => parseAttributeNames("plan,plan")).toThrow("Name each attribute once.");
  });

  test("serves a workspace that defines only those attributes, and says so", async ({ dir }) => {
    const served = startCli(["fake", "--port", "0", "--custom-attributes", "plan, utm_source"], { cwd: dir });
    onTestFinished(() => {
      served.child.kill("SIGTERM");
    });
    const [, url = ""] = await served.output("stdout", /^fake Intercom: (http:\/\/127\.0\.0\.1:\d+)$/m);
    await served.output(
      "stdout",
      /^custom attributes: plan, utm_source; others are refused until created \(intercom-leads attributes ensure <names…>\)$/m,
    );
    const send = (custom: Record<string, string>) =>
      served.before(
        fetch(`${url}/contacts`, {
          method: "POST",
          headers: {
            authorization: `Bearer ${FAKE_INTERCOM_TOKEN}`,
            accept: "application/json",
            "content-type": "application/json",
          },
          body: JSON.stringify({ role: "lead", email: "julia@truth.org", custom_attributes: custom }),
        }),
        "the fake answered",
      );

    expect((await send({ plan: "pro", utm_source: "ads" })).status).toBe(200);
    const refused = await send({ utm_medium: "email" });
    expect([refused.status, ((await refused.json()) as { errors: unknown }).errors]).toEqual([
      400,
      [{ code: "parameter_invalid", message: "User attribute 'utm_medium' does not exist" }],
    ]);

    const ensured = await served.before(
      runCli(["attributes", "ensure", "utm_medium", "plan", "--token", FAKE_INTERCOM_TOKEN, "--base-url", url], {
        cwd: dir,
      }),
      "attributes ensure ran",
    );
    expect(ensured.stdout).toBe(
      "utm_medium: created (string)\nplan: already defined (string)\ncreated 1, already defined 1\n",
    );
    expect((await send({ utm_medium: "email" })).status).toBe(200);
  });
});
