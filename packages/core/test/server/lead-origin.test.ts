import { describe, expect, it } from "vitest";
import { createIntercom, IntercomConfigError } from "../../src/index.ts";
import { createLeadHandler } from "../../src/server/index.ts";
import { PROXY_HEADERS } from "../../src/wire/proxy-headers.ts";
import { PAGE_ORIGIN, useLeadProxy } from "../support/use-lead-proxy.ts";

const lead = { email: "winstonsmith@truth.org", name: "Winston Smith" };
const CHROME = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36";

describe("createLeadHandler attribution", () => {
  const proxy = useLeadProxy({
    fields: [
      "email",
      "name",
      "custom_attributes.utm_source",
      "custom_attributes.utm_campaign",
      "custom_attributes.landing",
    ],
    userAgent: false,
    attribution: {
      utm_source: "custom_attributes.utm_source",
      utm_campaign: "custom_attributes.utm_campaign",
      landing_path: "custom_attributes.landing",
    },
  });

  it("maps what the page sent into the attributes the operator named, dropping the rest", async () => {
    const attribution = new URLSearchParams({
      utm_source: "newsletter",
      utm_campaign: "spring",
      utm_medium: "email",
      referrer: "https://news.example/",
      landing_path: "/pricing?plan=pro",
      secret_field: "x",
    }).toString();
    const response = await proxy.post(lead, { headers: { [PROXY_HEADERS.attribution]: attribution } });
    expect(response.status).toBe(200);
    expect(proxy.fake.requests[0]!.body).toEqual({
      ...lead,
      role: "lead",
      custom_attributes: { utm_source: "newsletter", utm_campaign: "spring", landing: "/pricing?plan=pro" },
    });
  });

  it("a browser's client sends it with createLead(input, { attribution })", async () => {
    const browser = createIntercom({ baseUrl: proxy.proxyUrl, headers: { origin: PAGE_ORIGIN } });
    await browser.createLead(lead, { attribution: { utm_source: "ads", landing_path: "/" } });
    expect(proxy.fake.requests[0]!.body).toMatchObject({ custom_attributes: { utm_source: "ads", landing: "/" } });
  });

  it("never replaces a value the form set, and cuts values to 255 characters", async () => {
    const attribution = new URLSearchParams({ utm_source: "ads", utm_campaign: "c".repeat(300) }).toString();
    await proxy.post(
      { ...lead, custom_attributes: { utm_source: "typed-by-form" } },
      { headers: { [PROXY_HEADERS.attribution]: attribution } },
    );
    expect(proxy.fake.requests[0]!.body).toMatchObject({
      custom_attributes: { utm_source: "typed-by-form", utm_campaign: "c".repeat(255) },
    });
  });

  it("sends nothing extra without the header, or with an empty one", async () => {
    await proxy.post(lead);
    await proxy.post(lead, { headers: { [PROXY_HEADERS.attribution]: "utm_source=" } });
    expect(proxy.fake.requests.map((request) => request.body)).toEqual([
      { ...lead, role: "lead" },
      { ...lead, role: "lead" },
    ]);
  });
});

describe("attribution configuration", () => {
  it("refuses a target the field allowlist does not allow", () => {
    expect(() =>
      createLeadHandler({
        token: "t",
        allowedOrigins: [PAGE_ORIGIN],
        attribution: { utm_source: "custom_attributes.utm_source" },
      }),
    ).toThrow(
      new IntercomConfigError(
        'attribution: utm_source goes to "custom_attributes.utm_source", which `fields` must allow too (Intercom refuses attributes the workspace does not have)',
      ),
    );
  });

  it("refuses a name that is not an attribution name", () => {
    expect(() =>
      createLeadHandler({
        token: "t",
        allowedOrigins: [PAGE_ORIGIN],
        fields: ["custom_attributes.x"],
        attribution: { gclid: "custom_attributes.x" } as never,
      }),
    ).toThrow(IntercomConfigError);
  });
});

describe("createLeadHandler userAgent, 2.x", () => {
  const proxy = useLeadProxy({});

  it("sends nothing by default: 2.x's create has no user-agent field", async () => {
    await proxy.post(lead, { headers: { "user-agent": CHROME } });
    expect(proxy.fake.requests[0]!.body).toEqual({ ...lead, role: "lead" });
  });
});

describe("createLeadHandler userAgent into a custom attribute", () => {
  const proxy = useLeadProxy({ userAgent: "custom_attributes.browser" });

  it("stores the browser's User-Agent there, cut to 255 characters", async () => {
    await proxy.post(lead, { headers: { "user-agent": CHROME } });
    await proxy.post(lead, { headers: { "user-agent": "u".repeat(400) } });
    expect(proxy.fake.requests.map((request) => request.body)).toEqual([
      { ...lead, role: "lead", custom_attributes: { browser: CHROME } },
      { ...lead, role: "lead", custom_attributes: { browser: "u".repeat(255) } },
    ]);
  });
});

describe("createLeadHandler userAgent, 1.x", () => {
  const proxy = useLeadProxy({ apiVersion: "1.4" });

  it("fills last_seen_user_agent from the request, as the 1.x create takes it", async () => {
    const response = await proxy.post(lead, { headers: { "user-agent": CHROME } });
    expect(response.status).toBe(200);
    // The 1.x Leads API takes no role: the route says it is a lead.
    expect(proxy.fake.requests[0]!.body).toEqual({ ...lead, last_seen_user_agent: CHROME });
  });
});

describe("createLeadHandler userAgent, 1.x, the form's own value", () => {
  const proxy = useLeadProxy({ apiVersion: "1.4", fields: ["email", "name", "last_seen_user_agent"] });

  it("keeps what the form sent", async () => {
    await proxy.post({ ...lead, last_seen_user_agent: "FormAgent/1" }, { headers: { "user-agent": CHROME } });
    expect(proxy.fake.requests[0]!.body).toMatchObject({ last_seen_user_agent: "FormAgent/1" });
  });
});

describe("userAgent configuration", () => {
  it.each(["last_seen_user_agent", "custom_attributes.", "custom_attributes.a.b"])("refuses userAgent %o", (target) => {
    expect(() => createLeadHandler({ token: "t", allowedOrigins: [PAGE_ORIGIN], userAgent: target as never })).toThrow(
      new IntercomConfigError('userAgent must be true, false or "custom_attributes.<name>"'),
    );
  });
});
