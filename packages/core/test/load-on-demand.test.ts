import { describe, expect, it, vi } from "vitest";
import { createIntercom, IntercomError, isIntercomError } from "../src/index.ts";
import { useFakeIntercom } from "./support/use-fake-intercom.ts";

// What a deployment that left the on-demand chunks out looks like: every import() of them fails.
vi.mock("../src/bulk/start-import.ts", () => {
  throw new Error("chunk missing");
});
vi.mock("../src/reconcile/create-with-reconcile.ts", () => {
  throw new Error("chunk missing");
});
vi.mock("../src/client/rate-governor.ts", () => {
  throw new Error("chunk missing");
});

const served = useFakeIntercom();
const client = () => createIntercom({ token: served.token, baseUrl: served.url });

describe("code loaded on demand that cannot be loaded", () => {
  it("fails createLeads' first use with an IntercomError, having sent nothing", async () => {
    const error = await client().createLeads([{ email: "a@b.co" }]).summary().catch((thrown: unknown) => thrown);
    expect(isIntercomError(error)).toBe(true);
    expect(error).toMatchObject({ name: "IntercomError", message: "Could not load the code for this call; nothing was sent", maybeCreated: false });
    expect(served.fake.requests).toHaveLength(0);
  });

  it("fails a reconciled createLead the same way, before sending", async () => {
    const error = await client().createLead({ email: "a@b.co" }, { reconcile: true }).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(IntercomError);
    expect(served.fake.requests).toHaveLength(0);
  });

  it("lets a client with a token create unpaced when its rate governor cannot be loaded", async () => {
    const intercom = client();
    const leads = await Promise.all([intercom.createLead({ email: "a@b.co" }), intercom.createLead({ email: "c@d.co" })]);
    expect(leads.map((lead) => lead.email)).toEqual(["a@b.co", "c@d.co"]);
    expect(served.fake.contacts).toHaveLength(2);
  });
});
