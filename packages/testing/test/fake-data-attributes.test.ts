import { createIntercom, isIntercomApiError } from "@intercom-leads/core";
import { http } from "msw";
import { setupServer } from "msw/node";
import { describe, expect, it, onTestFinished } from "vitest";
import {
  createFakeIntercom,
  FAKE_INTERCOM_TOKEN,
  type FakeDataAttribute,
  type FakeDataAttributeList,
  toMswResolver,
} from "../src/index.ts";
import { serveFakeIntercom } from "../src/node.ts";
import {
  createAnswerExamples,
  createRequestExamples,
  DATA_ATTRIBUTE_VERSIONS,
  type ErrorListExample,
  listAnswerExamples,
  listParameters,
  validateDataAttributeSchema,
} from "./support/data-attribute-validators.ts";
import { fakeAt, minorOf, T0 } from "./support/versioned-fake.ts";

const VALID = { valid: true, errors: [] };

/** An answer's status and body, and whether its `request_id` is its `X-Request-Id`. */
async function answer(response: Response): Promise<{ status: number; body: Record<string, unknown> }> {
  const body = (await response.json()) as Record<string, unknown>;
  if (body.type === "error.list") expect(body.request_id).toBe(response.headers.get("x-request-id"));
  return { status: response.status, body };
}

describe("POST /data_attributes: each description's examples, answered as they are", () => {
  it.each(DATA_ATTRIBUTE_VERSIONS)(
    "%s: the successful create has exactly the example's keys and values",
    async (version) => {
      const { send } = fakeAt();
      const example = createRequestExamples(version).successful!.value;
      const expected = createAnswerExamples(version)["200"]!.Successful as FakeDataAttribute;

      const { status, body } = await answer(await send("POST", "/data_attributes", version, example));

      expect(status).toBe(200);
      expect(validateDataAttributeSchema(version, "data_attribute", body)).toEqual(VALID);
      // 2.11's data_attribute requires a description, which the example (and so the request) leaves out.
      const keys = Object.keys(expected);
      expect(Object.keys(body)).toEqual(
        version === "2.11" ? [...keys.slice(0, 5), "description", ...keys.slice(5)] : keys,
      );
      const { id: _id, admin_id: _admin, created_at: _created, updated_at: _updated, ...described } = expected;
      expect(body).toMatchObject(described);
      expect(body).toMatchObject({
        id: 1,
        admin_id: "321",
        created_at: Math.floor(T0 / 1000),
        updated_at: Math.floor(T0 / 1000),
      });
    },
  );

  it.each(DATA_ATTRIBUTE_VERSIONS)("%s: every 400 example is answered with the example's error", async (version) => {
    const { fake, send } = fakeAt();
    // The list example's workspace already has "The One Ring" in its company data.
    await send("POST", "/data_attributes", version, { name: "The One Ring", model: "company", data_type: "string" });
    const requests = Object.entries(createRequestExamples(version)).filter(([name]) => name !== "successful");
    const refusals = createAnswerExamples(version)["400"] as Record<string, ErrorListExample>;
    expect(requests.map(([, example]) => example.summary).sort()).toEqual(Object.keys(refusals).sort());

    for (const [, example] of requests) {
      const { status, body } = await answer(await send("POST", "/data_attributes", version, example.value));
      expect({ example: example.summary, status, errors: body.errors }).toEqual({
        example: example.summary,
        status: 400,
        errors: refusals[example.summary]!.errors,
      });
      expect(validateDataAttributeSchema(version, "error", body)).toEqual(VALID);
    }
    expect(fake.dataAttributes.map((attribute) => attribute.name)).toEqual(["The One Ring"]);
  });

  it("takes list attributes as each version types them: strings up to 2.13, { value } pairs with data_type options from 2.14", async () => {
    const { send } = fakeAt();
    const old = await answer(
      await send("POST", "/data_attributes", "2.13", {
        name: "size",
        model: "contact",
        data_type: "string",
        options: ["1-10", "11-50"],
      }),
    );
    expect(old.body).toMatchObject({ name: "size", data_type: "string", options: ["1-10", "11-50"] });
    expect(validateDataAttributeSchema("2.13", "data_attribute", old.body)).toEqual(VALID);
    const refusedOld = await answer(
      await send("POST", "/data_attributes", "2.13", {
        name: "tier",
        model: "contact",
        data_type: "options",
        options: ["a", "b"],
      }),
    );
    expect([refusedOld.status, refusedOld.body.errors]).toEqual([
      400,
      [{ code: "parameter_invalid", message: "Data Type isn't an option" }],
    ]);

    const list = {
      name: "tier",
      model: "contact",
      data_type: "options",
      options: [{ value: "gold" }, { value: "silver" }],
    };
    const created = await answer(await send("POST", "/data_attributes", "2.14", list));
    expect(created.body).toMatchObject({ name: "tier", data_type: "string", options: ["gold", "silver"] });
    expect(validateDataAttributeSchema("2.14", "create_data_attribute_request", list)).toEqual(VALID);

    const one = { ...list, name: "band", options: [{ value: "gold" }] };
    const tooFew = await answer(await send("POST", "/data_attributes", "2.14", one));
    expect([tooFew.status, tooFew.body.errors]).toEqual([
      400,
      [{ code: "parameter_invalid", message: "A list attribute must have at least 2 active options" }],
    ]);
    const notList = await answer(
      await send("POST", "/data_attributes", "2.14", {
        name: "band",
        model: "contact",
        data_type: "integer",
        options: [{ value: "1" }, { value: "2" }],
      }),
    );
    expect(notList.body.errors).toEqual([
      { code: "parameter_invalid", message: "Options can only be managed on list attributes" },
    ]);
  });

  it("answers a datetime as date up to 2.16, whose data_attribute has no datetime, and as datetime in Preview", async () => {
    const { send } = fakeAt();
    const v216 = await answer(
      await send("POST", "/data_attributes", "2.16", { name: "trial_end", model: "contact", data_type: "datetime" }),
    );
    const preview = await answer(await send("GET", "/data_attributes?model=contact", "Preview"));
    expect(v216.body.data_type).toBe("date");
    expect(validateDataAttributeSchema("2.16", "data_attribute", v216.body)).toEqual(VALID);
    const listed = (preview.body as unknown as FakeDataAttributeList).data.find((a) => a.name === "trial_end");
    expect(listed?.data_type).toBe("datetime");
    expect(validateDataAttributeSchema("Preview", "data_attribute_list", preview.body)).toEqual(VALID);
  });

  it("refuses a contact attribute named like a standard one, and says which data has it", async () => {
    const { send } = fakeAt();
    const { status, body } = await answer(
      await send("POST", "/data_attributes", "2.14", { name: "email", model: "contact", data_type: "string" }),
    );
    expect([status, body.errors]).toEqual([
      400,
      [
        {
          code: "parameter_invalid",
          message:
            "You already have 'email' in your people data. To save this as new people data, use a different name.",
        },
      ],
    ]);
  });
});

describe("GET /data_attributes", () => {
  it.each(DATA_ATTRIBUTE_VERSIONS)(
    "%s: lists standard contact attributes, then the custom ones, by model",
    async (version) => {
      const { send } = fakeAt({ customAttributes: ["plan"] });
      await send("POST", "/data_attributes", version, { name: "Mithril Shirt", model: "company", data_type: "string" });
      await send("POST", "/data_attributes", version, { name: "utm_source", model: "contact", data_type: "string" });
      expect(listParameters(version).map((parameter) => parameter.name)).toEqual(["model", "include_archived"]);

      const contacts = await answer(
        await send("GET", "/data_attributes?model=contact&include_archived=false", version),
      );
      expect(contacts.status).toBe(200);
      expect(validateDataAttributeSchema(version, "data_attribute_list", contacts.body)).toEqual(VALID);
      const data = (contacts.body as unknown as FakeDataAttributeList).data;
      expect(data.filter((a) => a.custom).map((a) => [a.id, a.full_name, a.model])).toEqual([
        [1, "custom_attributes.plan", "contact"],
        [3, "custom_attributes.utm_source", "contact"],
      ]);
      const standard = data.filter((a) => !a.custom);
      expect(standard.map((a) => a.name)).toContain("email");
      expect(standard.every((a) => a.full_name === a.name && a.id === undefined && a.model === "contact")).toBe(true);

      const companies = await answer(await send("GET", "/data_attributes?model=company", version));
      expect((companies.body as unknown as FakeDataAttributeList).data.map((a) => a.full_name)).toEqual([
        "custom_attributes.Mithril Shirt",
      ]);
      const everything = await answer(await send("GET", "/data_attributes", version));
      expect((everything.body as unknown as FakeDataAttributeList).data).toHaveLength(standard.length + 3);
    },
  );

  it.each(DATA_ATTRIBUTE_VERSIONS)(
    "%s: model=conversation is an empty list up to 2.15, the description's 422 after",
    async (version) => {
      const { send } = fakeAt();
      const { status, body } = await answer(await send("GET", "/data_attributes?model=conversation", version));
      if (minorOf(version) < 16) {
        expect([status, body]).toEqual([200, { type: "list", data: [] }]);
        return;
      }
      const gone = Object.values(listAnswerExamples(version)["422"]!)[0] as ErrorListExample;
      expect([status, body.errors]).toEqual([422, gone.errors]);
    },
  );

  it("refuses a parameter it does not take, and a method other than GET and POST", async () => {
    const { send } = fakeAt();
    const refused = await answer(await send("GET", "/data_attributes?per_page=5", "2.14"));
    expect([refused.status, refused.body.errors]).toEqual([
      400,
      [
        {
          code: "parameter_invalid",
          message: "'per_page' is not a parameter of List all data attributes",
          field: "per_page",
        },
      ],
    ]);
    const put = await send("PUT", "/data_attributes", "2.14", {});
    expect([put.status, put.headers.get("allow")]).toEqual([405, "GET, POST"]);
  });

  it("is no route in API 1.x, whose document describes no data attributes", async () => {
    const { send } = fakeAt();
    const { status, body } = await answer(await send("GET", "/data_attributes", "1.4"));
    expect([status, body.errors]).toEqual([404, [{ code: "not_found", message: "Resource Not Found" }]]);
  });
});

describe("customAttributes: a workspace that refuses attributes it has not defined", () => {
  const lead = (custom: Record<string, unknown>) => ({
    role: "lead",
    email: "julia@truth.org",
    custom_attributes: custom,
  });

  it.each(DATA_ATTRIBUTE_VERSIONS)(
    "%s: refuses an undefined attribute, storing nothing, until POST /data_attributes defines it",
    async (version) => {
      const { fake, send } = fakeAt({ customAttributes: ["plan"] });
      const refused = await send("POST", "/contacts", version, lead({ plan: "pro", utm_source: "ads" }));
      expect(refused.status).toBe(400);
      expect(await refused.json()).toEqual({
        type: "error.list",
        request_id: refused.headers.get("x-request-id"),
        errors: [{ code: "parameter_invalid", message: "User attribute 'utm_source' does not exist" }],
      });
      expect(fake.contacts).toEqual([]);

      const defined = await send("POST", "/data_attributes", version, {
        name: "utm_source",
        model: "contact",
        data_type: "string",
      });
      expect(defined.status).toBe(200);
      const accepted = await answer(await send("POST", "/contacts", version, lead({ plan: "pro", utm_source: "ads" })));
      expect([accepted.status, accepted.body.custom_attributes]).toEqual([200, { plan: "pro", utm_source: "ads" }]);
      expect(fake.leads).toHaveLength(1);
    },
  );

  it("a company attribute defines nothing for contacts; without the option every attribute exists; 1.x takes any", async () => {
    const strict = fakeAt({ customAttributes: [] });
    await strict.send("POST", "/data_attributes", "2.14", { name: "tier", model: "company", data_type: "string" });
    const refused = await answer(await strict.send("POST", "/contacts", "2.14", lead({ tier: "gold" })));
    expect([refused.status, refused.body.errors]).toEqual([
      400,
      [{ code: "parameter_invalid", message: "User attribute 'tier' does not exist" }],
    ]);
    const legacy = await strict.send("POST", "/contacts", "1.4", {
      email: "a@b.co",
      custom_attributes: { tier: "gold" },
    });
    expect(legacy.status).toBe(200);

    const open = fakeAt();
    const accepted = await open.send("POST", "/contacts", "2.14", lead({ anything: 1 }));
    expect(accepted.status).toBe(200);
  });

  it("records the requests, and reset() forgets created attributes but keeps the workspace's own", async () => {
    const { fake, send } = fakeAt({ customAttributes: ["plan", "seats"] });
    await send("POST", "/data_attributes", "2.14", { name: "utm_source", model: "contact", data_type: "string" });
    await send("POST", "/data_attributes", "2.14", { name: "utm_source", model: "contact", data_type: "string" });
    await send("GET", "/data_attributes?model=contact", "2.14");
    expect(fake.requests.map(({ method, path, status }) => `${method} ${path} ${status}`)).toEqual([
      "POST /data_attributes 200",
      "POST /data_attributes 400",
      "GET /data_attributes 200",
    ]);
    expect(fake.dataAttributes.map(({ id, name, seeded }) => [id, name, seeded])).toEqual([
      [1, "plan", true],
      [2, "seats", true],
      [3, "utm_source", false],
    ]);

    fake.reset();
    expect(fake.requests).toEqual([]);
    expect(fake.dataAttributes.map(({ id, name }) => [id, name])).toEqual([
      [1, "plan"],
      [2, "seats"],
    ]);
    const again = await answer(
      await send("POST", "/data_attributes", "2.14", { name: "utm_source", model: "contact", data_type: "string" }),
    );
    expect(again.body.id).toBe(4);
  });

  it("refuses a customAttributes option Intercom could not hold", () => {
    expect(() => createFakeIntercom({ customAttributes: ["utm.source"] })).toThrow(RangeError);
    expect(() => createFakeIntercom({ customAttributes: ["plan", "plan"] })).toThrow("names an attribute twice");
  });
});

describe("over HTTP and in MSW, like every other route", () => {
  it("serveFakeIntercom: a client's strict create fails until the attribute is created over the wire", async () => {
    const fake = createFakeIntercom({ rateLimit: false, customAttributes: [] });
    const server = await serveFakeIntercom(fake);
    onTestFinished(() => server.close());
    const intercom = createIntercom({ token: FAKE_INTERCOM_TOKEN, baseUrl: server.url });
    const input = { email: "julia@truth.org", custom_attributes: { utm_source: "ads" } };

    const error = await intercom.createLead(input).catch((caught: unknown) => caught);
    expect(isIntercomApiError(error) && [error.status, error.errors]).toEqual([
      400,
      [{ code: "parameter_invalid", message: "User attribute 'utm_source' does not exist" }],
    ]);
    const created = await fetch(`${server.url}/data_attributes`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${FAKE_INTERCOM_TOKEN}`,
        accept: "application/json",
        "content-type": "application/json",
      },
      body: JSON.stringify({ name: "utm_source", model: "contact", data_type: "string" }),
    });
    expect(created.status).toBe(200);
    expect((await intercom.createLead(input)).custom_attributes).toEqual({ utm_source: "ads" });
  });

  it("toMswResolver: lists and creates data attributes on Intercom's own host", async () => {
    const fake = createFakeIntercom({ rateLimit: false, customAttributes: ["plan"] });
    const server = setupServer(http.all("https://api.intercom.io/*", toMswResolver(fake)));
    server.listen({ onUnhandledRequest: "error" });
    onTestFinished(() => server.close());
    const headers = {
      authorization: `Bearer ${FAKE_INTERCOM_TOKEN}`,
      accept: "application/json",
      "content-type": "application/json",
    };

    const created = await fetch("https://api.intercom.io/data_attributes", {
      method: "POST",
      headers,
      body: JSON.stringify({ name: "utm_source", model: "contact", data_type: "string" }),
    });
    const listed = (await (
      await fetch("https://api.intercom.io/data_attributes?model=contact", { headers })
    ).json()) as FakeDataAttributeList;

    expect(created.status).toBe(200);
    expect(listed.data.filter((a) => a.custom).map((a) => a.name)).toEqual(["plan", "utm_source"]);
    expect(fake.requests.map(({ method, url, status }) => `${method} ${url} ${status}`)).toEqual([
      "POST https://api.intercom.io/data_attributes 200",
      "GET https://api.intercom.io/data_attributes?model=contact 200",
    ]);
  });
});
