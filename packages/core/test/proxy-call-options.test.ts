// The per-call options only the lead proxy reads: they travel as headers, over real HTTP.
import { afterEach, describe, expect, it } from "vitest";
import { createIntercom, isIntercomConfigError, PROXY_HEADERS, pageAttribution } from "../src/index.ts";
import { useStubServer } from "./support/use-stub-server.ts";

const lead = { email: "winstonsmith@truth.org" };
const created = { type: "contact", id: "c1", role: "lead", email: lead.email };

describe("createLead's proxy options", () => {
  const stub = useStubServer();

  it("sends idempotencyKey, verificationToken and attribution as the proxy's headers", async () => {
    stub.answer = () => Response.json(created);
    const intercom = createIntercom({ baseUrl: stub.url });
    await intercom.createLead(lead, {
      idempotencyKey: "8f7c2a8e-0c1e-4bda-9d2b-3b5c4f7a9e10",
      verificationToken: "XXXX.DUMMY.TOKEN.XXXX",
      attribution: { utm_source: "newsletter", utm_campaign: "spring sale", landing_path: "/pricing?plan=team" },
      headers: { "x-trace": "t1" },
    });
    expect(stub.received).toHaveLength(1);
    const { headers } = stub.received[0]!;
    expect(headers.get(PROXY_HEADERS.idempotencyKey)).toBe("8f7c2a8e-0c1e-4bda-9d2b-3b5c4f7a9e10");
    expect(headers.get(PROXY_HEADERS.verificationToken)).toBe("XXXX.DUMMY.TOKEN.XXXX");
    expect(headers.get(PROXY_HEADERS.attribution)).toBe(
      "utm_source=newsletter&utm_campaign=spring+sale&landing_path=%2Fpricing%3Fplan%3Dteam",
    );
    expect(headers.get("x-trace")).toBe("t1");
    expect(headers.get("accept")).toBe("application/json");
  });

  it("sends none of them when not given, and leaves out empty attribution values", async () => {
    stub.answer = () => Response.json(created);
    const intercom = createIntercom({ baseUrl: stub.url });
    await intercom.createLead(lead);
    await intercom.createLead(lead, { attribution: { utm_source: "" } });
    for (const { headers } of stub.received)
      for (const name of Object.values(PROXY_HEADERS)) expect(headers.get(name)).toBeNull();
  });

  it("refuses them on a client with a token, sending nothing: Intercom has no idempotency keys", async () => {
    const intercom = createIntercom({ token: "secret", baseUrl: stub.url });
    for (const options of [{ idempotencyKey: "k" }, { verificationToken: "t" }, { attribution: {} }]) {
      const error = await intercom.createLead(lead, options).catch((thrown: unknown) => thrown);
      expect(isIntercomConfigError(error)).toBe(true);
    }
    expect(stub.received).toHaveLength(0);
  });

  it("refuses an idempotency key that is not 1 to 255 visible ASCII characters", async () => {
    const intercom = createIntercom({ baseUrl: stub.url });
    for (const idempotencyKey of ["", "a b", "x".repeat(256), "é"]) {
      await expect(intercom.createLead(lead, { idempotencyKey })).rejects.toThrow(/idempotencyKey must be/);
    }
    expect(stub.received).toHaveLength(0);
  });
});

describe("pageAttribution", () => {
  const globals = globalThis as Record<string, unknown>;
  afterEach(() => {
    delete globals.location;
    delete globals.document;
    delete globals.sessionStorage;
  });

  function page(url: string, referrer: string, storage: Map<string, string>): void {
    const { pathname, search } = new URL(url);
    globals.location = { pathname, search };
    globals.document = { referrer };
    globals.sessionStorage = {
      getItem: (key: string) => storage.get(key) ?? null,
      setItem: (key: string, value: string) => storage.set(key, value),
    };
  }

  it("is empty outside a page", () => {
    expect(pageAttribution()).toEqual({});
  });

  it("reads the landing page's UTM parameters, referrer and path, and keeps them for the visit", () => {
    const storage = new Map<string, string>();
    page("https://shop.example/pricing?utm_source=newsletter&utm_medium=email&x=1", "https://mail.example/", storage);
    const landing = {
      utm_source: "newsletter",
      utm_medium: "email",
      referrer: "https://mail.example/",
      landing_path: "/pricing?utm_source=newsletter&utm_medium=email&x=1",
    };
    expect(pageAttribution()).toEqual(landing);
    // A later page of the same visit still reports where the visit began.
    page("https://shop.example/signup", "https://shop.example/pricing", storage);
    expect(pageAttribution()).toEqual(landing);
  });

  it("cuts values to the 255 characters Intercom keeps, and works without storage", () => {
    globals.location = { pathname: `/${"p".repeat(300)}`, search: "" };
    const attribution = pageAttribution();
    expect(attribution.landing_path).toHaveLength(255);
    expect(attribution.referrer).toBeUndefined();
  });
});
