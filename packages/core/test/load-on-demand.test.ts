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
vi.mock("../src/governor/rate-governor.ts", () => {
  throw new Error("chunk missing");
});

const served = useFakeIntercom();
const client = () => createIntercom({ token: served.token, baseUrl: served.url });

describe("code loaded on demand that cannot be loaded", () => {
  it("fails createLeads' first use with an IntercomError, having sent nothing", async () => {
    const error = await client()
      .createLeads([{ email: "a@b.co" }])
      .summary()
      .catch((thrown: unknown) => thrown);
    expect(isIntercomError(error)).toBe(true);
    expect(error).toMatchObject({
      name: "IntercomError",
      message: "Could not load the code for bulk import; nothing was sent",
      maybeCreated: false,
    });
    expect(served.fake.requests).toHaveLength(0);
  });

  it("fails a reconciled createLead the same way, before sending", async () => {
    const error = await createIntercom({ baseUrl: served.url })
      .createLead({ email: "a@b.co" }, { reconcile: true })
      .catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(IntercomError);
    expect(error).toMatchObject({
      message: "Could not load the code for reconcile; nothing was sent",
      maybeCreated: false,
    });
    expect(served.fake.requests).toHaveLength(0);
  });

  it("fails the calls of a client with a token, rather than sending them unpaced, when its rate governor cannot load", async () => {
    const intercom = client();
    const errors = await Promise.all(
      [intercom.createLead({ email: "a@b.co" }), intercom.createLead({ email: "c@d.co" })].map((call) =>
        call.catch((thrown: unknown) => thrown),
      ),
    );
    for (const error of errors) {
      expect(error).toBeInstanceOf(IntercomError);
      expect(error).toMatchObject({
        message: "Could not load the code for the rate governor; nothing was sent",
        maybeCreated: false,
      });
    }
    // A later call tries to load it again rather than remembering the failure.
    await expect(intercom.createLead({ email: "e@f.co" })).rejects.toMatchObject({
      message: "Could not load the code for the rate governor; nothing was sent",
    });
    expect(served.fake.requests).toHaveLength(0);
  });

  it("never loads the governor for a client without a token: it talks to a proxy", async () => {
    const lead = await createIntercom({ baseUrl: served.url, headers: { authorization: "ignored" } })
      .createLead({ email: "g@h.co" })
      .catch((thrown: unknown) => thrown);
    // The fake refuses a call without a token; what matters is that it was sent, unpaced.
    expect(lead).toMatchObject({ name: "IntercomApiError", status: 401 });
    expect(served.fake.requests).toHaveLength(1);
  });
});
