import { describe, expect, it } from "vitest";
import { createIntercom, IntercomApiError, LeadValidationError } from "../src/index.ts";
import { useFakeIntercom } from "./support/use-fake-intercom.ts";

describe("getLead", () => {
  const served = useFakeIntercom();

  it("reads back a created lead with GET /contacts/{id}", async () => {
    const intercom = createIntercom({ token: served.token, baseUrl: served.url });
    const created = await intercom.createLead({ email: "winstonsmith@truth.org" });
    const read = await intercom.getLead(created.id);

    expect(read).toEqual(created);
    expect(served.fake.requests.map((request) => [request.method, request.path])).toEqual([
      ["POST", "/contacts"],
      ["GET", `/contacts/${created.id}`],
    ]);
    expect(served.fake.requests[1]!.headers).toMatchObject({ accept: "application/json", "intercom-version": "2.14" });
    expect(served.fake.requests[1]!.headers).not.toHaveProperty("content-type");
  });

  it("an unknown id is a 404 not_found", async () => {
    const error = await createIntercom({ token: served.token, baseUrl: served.url })
      .getLead("5811f6bbe6b4704ddfa84ac0")
      .catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(IntercomApiError);
    expect(error).toMatchObject({ status: 404, code: "not_found", maybeCreated: false });
  });

  it("escapes the id into one path segment", async () => {
    await createIntercom({ token: served.token, baseUrl: served.url })
      .getLead("../admins")
      .catch(() => undefined);
    expect(served.fake.requests[0]!.url).toBe(`${served.url}/contacts/..%2Fadmins`);
  });

  it.each(["", undefined, 42])("refuses the id %o before sending", async (id) => {
    await expect(
      createIntercom({ token: served.token, baseUrl: served.url }).getLead(id as never),
    ).rejects.toBeInstanceOf(LeadValidationError);
    expect(served.fake.requests).toHaveLength(0);
  });
});
