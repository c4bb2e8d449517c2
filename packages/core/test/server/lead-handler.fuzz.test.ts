import { createFakeIntercom, FAKE_INTERCOM_TOKEN } from "@intercom-leads/testing";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createLeadHandler } from "../../src/server/index.ts";
import { PROXY_HEADERS } from "../../src/wire/proxy-headers.ts";

const ALLOWED_ORIGIN = "https://shop.example";
const ALLOWED_FIELDS = ["email", "name", "phone", "custom_attributes.consent"];

// Each dimension leans towards the one value that can succeed, so creates are reached often enough to matter.
const origin = fc.oneof(
  { arbitrary: fc.constant(ALLOWED_ORIGIN), weight: 6 },
  fc.constantFrom(
    "https://shop.example/",
    "http://shop.example",
    "https://shop.example.evil.example",
    "https://SHOP.example",
    "null",
    "",
  ),
  fc.webUrl().map((url) => new URL(url).origin),
  fc.constant(undefined),
);
const method = fc.oneof(
  { arbitrary: fc.constant("POST"), weight: 6 },
  fc.constantFrom("GET", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD", "post", "PROPFIND"),
);
const contentType = fc.oneof(
  { arbitrary: fc.constant("application/json"), weight: 6 },
  fc.constantFrom(
    "application/json; charset=utf-8",
    "text/plain",
    "application/x-www-form-urlencoded",
    "APPLICATION/JSON",
    "application/json-patch+json",
    "",
  ),
);
const key = fc.oneof(
  fc.constantFrom(
    "email",
    "name",
    "phone",
    "role",
    "user_id",
    "owner_id",
    "custom_attributes",
    "__proto__",
    "constructor",
    "toJSON",
  ),
  fc.string({ maxLength: 8 }),
);
const value = fc.oneof(
  fc.emailAddress(),
  fc.string(),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.constant("lead"),
  fc.dictionary(
    fc.oneof(fc.constant("consent"), fc.string({ maxLength: 6 })),
    fc.oneof(fc.boolean(), fc.string(), fc.object()),
    { maxKeys: 3 },
  ),
);
const jsonBody = fc.dictionary(key, value, { maxKeys: 6 }).map((object) => JSON.stringify(object));
const body = fc.oneof(
  jsonBody,
  {
    arbitrary: fc.record({ email: fc.emailAddress(), name: fc.string() }).map((object) => JSON.stringify(object)),
    weight: 4,
  },
  fc.string(),
  fc.uint8Array({ maxLength: 64 }),
  fc.nat({ max: 40_000 }).map((size) => JSON.stringify({ email: "a@b.co", name: "x".repeat(size) })),
  fc.constant(undefined),
);
const path = fc.oneof(
  { arbitrary: fc.constant("/api/intercom/contacts"), weight: 6 },
  fc.constantFrom(
    "/contacts",
    "/api/intercom/contacts/123",
    "/api/intercom",
    "/api/intercom/contacts/",
    "/x/contacts?y=1",
  ),
);
const extraHeaders = fc.dictionary(
  fc.constantFrom("authorization", "intercom-version", "accept", "x-forwarded-for", "cookie", "content-length"),
  fc.string({ maxLength: 20 }).filter((text) => /^[\x20-\x7e]*$/.test(text)),
  { maxKeys: 3 },
);

function outsideAllowlist(text: unknown): boolean {
  if (typeof text !== "string") return false;
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return false;
    return Object.entries(parsed).some(([field, fieldValue]) => {
      if (field === "role") return fieldValue !== "lead";
      if (field === "custom_attributes" && typeof fieldValue === "object" && fieldValue && !Array.isArray(fieldValue)) {
        return Object.keys(fieldValue).some((name) => !ALLOWED_FIELDS.includes(`custom_attributes.${name}`));
      }
      return !ALLOWED_FIELDS.includes(field);
    });
  } catch {
    return false;
  }
}

describe("lead handler fuzz", () => {
  it("never answers 2xx to a disallowed origin or field, never throws, never leaks the token, creates at most once", {
    timeout: 30_000,
  }, async () => {
    const fake = createFakeIntercom({ rateLimit: false });
    const handler = createLeadHandler({
      token: FAKE_INTERCOM_TOKEN,
      baseUrl: "https://intercom.fake",
      allowedOrigins: [ALLOWED_ORIGIN],
      fields: ALLOWED_FIELDS,
      fetch: (request) => fake.fetch(request),
    });
    let created = 0;
    await fc.assert(
      fc.asyncProperty(
        method,
        origin,
        contentType,
        body,
        path,
        extraHeaders,
        async (verb, from, type, payload, route, extra) => {
          const headers = new Headers();
          for (const [name, headerValue] of Object.entries(extra)) headers.set(name, headerValue);
          if (from !== undefined) headers.set("origin", from);
          headers.set("content-type", type);
          const upper = verb.toUpperCase();
          let request: Request;
          try {
            request = new Request(`https://proxy.example${route}`, {
              method: verb,
              headers,
              body: upper === "GET" || upper === "HEAD" ? undefined : payload,
            });
          } catch {
            return; // Not a request a runtime would deliver.
          }
          const before = fake.requests.filter((r) => r.method === "POST").length;
          const response = await handler(request);
          const creates = fake.requests.filter((r) => r.method === "POST").length - before;
          expect(creates).toBeLessThanOrEqual(1);
          const text = await response.text();
          expect(text).not.toContain(FAKE_INTERCOM_TOKEN);
          for (const [, headerValue] of response.headers) expect(headerValue).not.toContain(FAKE_INTERCOM_TOKEN);
          const ok = response.status >= 200 && response.status < 300;
          if (from !== ALLOWED_ORIGIN) expect(ok).toBe(false);
          if (ok && upper === "POST") {
            expect(outsideAllowlist(payload)).toBe(false);
            expect(creates).toBe(1);
            created++;
          }
        },
      ),
      { numRuns: 2000 },
    );
    // The generator reached creates too, or the property proved little.
    expect(created).toBeGreaterThan(100);
  });

  it("with verify failing or the honeypot filled, never creates; otherwise creates what passes", {
    timeout: 30_000,
  }, async () => {
    const fake = createFakeIntercom({ rateLimit: false });
    const handler = createLeadHandler({
      token: FAKE_INTERCOM_TOKEN,
      baseUrl: "https://intercom.fake",
      allowedOrigins: [ALLOWED_ORIGIN],
      fields: ALLOWED_FIELDS,
      honeypot: "website",
      verify: (request) => request.headers.get(PROXY_HEADERS.verificationToken) === "human",
      fetch: (request) => fake.fetch(request),
    });
    // Lean towards requests that pass everything else, so the two checks are what decides.
    const token = fc.oneof(
      { arbitrary: fc.constant("human"), weight: 3 },
      fc.constantFrom(undefined, "", "bot", "HUMAN", "human!", "x".repeat(3000)),
    );
    const trap = fc.oneof(
      { arbitrary: fc.constant(undefined), weight: 3 },
      fc.constantFrom(null, "", " ", "http://spam.example", "0", 0, false, true, {}, []),
      fc.string(),
    );
    let created = 0;
    let trappedOrUnverified = 0;
    await fc.assert(
      fc.asyncProperty(
        origin,
        fc.oneof(
          { arbitrary: fc.record({ email: fc.emailAddress(), name: fc.string() }), weight: 4 },
          fc.dictionary(key, value, { maxKeys: 4 }),
        ),
        token,
        trap,
        async (from, fields, verificationToken, website) => {
          const headers = new Headers({ "content-type": "application/json" });
          if (from !== undefined) headers.set("origin", from);
          if (verificationToken !== undefined) headers.set(PROXY_HEADERS.verificationToken, verificationToken);
          const body = website === undefined ? fields : { ...fields, website };
          const before = fake.requests.length;
          const response = await handler(
            new Request("https://proxy.example/api/intercom/contacts", {
              method: "POST",
              headers,
              body: JSON.stringify(body),
            }),
          );
          await response.arrayBuffer();
          const creates = fake.requests.length - before;
          const filled = !(
            website === undefined ||
            website === null ||
            (typeof website === "string" && !website.trim())
          );
          if (filled || verificationToken !== "human") {
            trappedOrUnverified++;
            expect(creates).toBe(0);
          }
          // A filled honeypot answers a verified bot as a success would; an unverified one gets the 403 everyone does.
          if (filled && from === ALLOWED_ORIGIN && response.status === 200) expect(verificationToken).toBe("human");
          if (filled && from === ALLOWED_ORIGIN && verificationToken !== "human") expect(response.status).not.toBe(200);
          created += creates;
        },
      ),
      { numRuns: 1500 },
    );
    expect(created).toBeGreaterThan(100);
    expect(trappedOrUnverified).toBeGreaterThan(300);
  });
});
