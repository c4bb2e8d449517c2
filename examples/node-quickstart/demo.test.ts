import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { expect, it } from "vitest";

const run = promisify(execFile);

it("the Node quickstart creates one lead against the fake Intercom and prints it", async () => {
  const env = { ...process.env };
  delete env.INTERCOM_TOKEN;
  const { stdout } = await run(process.execPath, [fileURLToPath(new URL("demo.js", import.meta.url))], {
    env,
    timeout: 20_000,
  });
  const [banner, ...json] = stdout.trim().split("\n");
  expect(banner).toMatch(/^No INTERCOM_TOKEN set: using the fake Intercom at http:\/\/127\.0\.0\.1:\d+$/);
  const lead = JSON.parse(json.join("\n"));
  expect(lead).toMatchObject({
    type: "contact",
    role: "lead",
    email: "winstonsmith@truth.org",
    phone: "123987456",
    name: "Winston Smith",
    custom_attributes: { signup_source: "demo" },
  });
});
