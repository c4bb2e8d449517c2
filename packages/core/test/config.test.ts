import { describe, expect, it, vi } from "vitest";
import { createIntercom, createLead, IntercomConfigError } from "../src/index.ts";

describe("client options", () => {
  it.each([
    [{ token: "t", baseUrl: "http://api.example.com" }, "A token is only sent over https://, or http:// to loopback"],
    [{ token: "t", baseUrl: "http://10.0.0.8:8080" }, "A token is only sent over https://, or http:// to loopback"],
    [
      { token: "t", baseUrl: "/api/intercom" },
      "A token needs an absolute https:// baseUrl; a relative one is for a proxy without a token",
    ],
    [{ baseUrl: "ftp://files.example.com" }, "baseUrl must be an https:// or http:// URL without credentials"],
    [{ baseUrl: "not a url" }, "baseUrl must be an https:// or http:// URL without credentials"],
    [{ region: "mars" }, 'region must be "us", "eu" or "au"'],
    [{ region: "toString" }, 'region must be "us", "eu" or "au"'],
    [{ apiVersion: "3.0" }, 'apiVersion must be an Intercom API version such as "2.14", "1.4" or "Preview"'],
    [{ apiVersion: "latest" }, 'apiVersion must be an Intercom API version such as "2.14", "1.4" or "Preview"'],
    [{ token: "" }, "token must be a non-empty string of visible ASCII characters"],
    [{ token: "dG9r\nZW4=" }, "token must be a non-empty string of visible ASCII characters"],
    [{ token: 42 }, "token must be a non-empty string of visible ASCII characters"],
    [{}, "A token is needed to call Intercom directly; without one, set baseUrl to your proxy"],
    [{ region: "eu" }, "A token is needed to call Intercom directly; without one, set baseUrl to your proxy"],
    [{ token: "t", apiVersion: 2.14 }, 'apiVersion must be an Intercom API version such as "2.14", "1.4" or "Preview"'],
    [
      { token: "t", apiVersion: "2.1e3" },
      'apiVersion must be an Intercom API version such as "2.14", "1.4" or "Preview"',
    ],
    [{ token: "t", headers: { "bad header": "x" } }, "headers must be valid for Headers"],
    [{ token: "t", headers: 5 }, "headers must be valid for Headers"],
    [{ token: "t", timeout: 3e9 }, "timeout must be false or more than 0 and up to 2147483647 ms"],
    [{ token: "t", timeout: -1 }, "timeout must be false or more than 0 and up to 2147483647 ms"],
    [{ token: "t", fetch: 5 }, "fetch must be a function"],
    [{ token: "t", retry: Number.NaN }, "retry.limit must be 0 to 10"],
    [{ token: "t", retry: Number.POSITIVE_INFINITY }, "retry.limit must be 0 to 10"],
    [{ token: "t", retry: { limit: 11 } }, "retry.limit must be 0 to 10"],
    [{ token: "t", retry: { maxDelay: -5 } }, "retry.maxDelay must be 0 to 2147483647 ms"],
    [{ token: "t", retry: "yes" }, "retry must be false, a number or an object"],
    [{ token: "t", retry: null }, "retry must be false, a number or an object"],
    [
      { baseUrl: "https://user:pass@proxy.example.com" },
      "baseUrl must be an https:// or http:// URL without credentials",
    ],
  ])("refuses %o", (options, message) => {
    expect(() => createIntercom(options as never)).toThrow(new IntercomConfigError(message));
  });

  it.each([
    [{ token: "t", baseUrl: "http://127.0.0.1:8787" }, "http://127.0.0.1:8787"],
    [{ token: "t", baseUrl: "http://localhost:8787/" }, "http://localhost:8787"],
    [{ token: "t", baseUrl: "http://[::1]:8787" }, "http://[::1]:8787"],
    [{ token: "t", baseUrl: new URL("https://proxy.example.com/intercom/") }, "https://proxy.example.com/intercom"],
    [{ baseUrl: "/api/intercom" }, "/api/intercom"],
    [{ baseUrl: "http://intranet.example/intercom" }, "http://intranet.example/intercom"],
    [{ token: "t", region: "eu", baseUrl: "https://proxy.example.com" }, "https://proxy.example.com"],
    [{ token: "t", region: null }, "https://api.intercom.io"],
    [{ token: "t", timeout: 0.5 }, "https://api.intercom.io"],
  ])("accepts %o", (options, baseUrl) => {
    expect(createIntercom(options as never).baseUrl).toBe(baseUrl);
  });

  it("the one-shot createLead rejects bad options instead of throwing synchronously", async () => {
    const pending = createLead({ email: "a@b.co" }, { token: "t", baseUrl: "http://api.example.com" });
    await expect(pending).rejects.toBeInstanceOf(IntercomConfigError);
  });

  it("per-call options are checked too, before sending", async () => {
    const fetch = vi.fn();
    const intercom = createIntercom({ token: "t", fetch });
    await expect(intercom.createLead({ email: "a@b.co" }, { timeout: 0 })).rejects.toThrow(
      new IntercomConfigError("timeout must be false or more than 0 and up to 2147483647 ms"),
    );
    await expect(intercom.createLead({ email: "a@b.co" }, { headers: { "a b": "c" } })).rejects.toBeInstanceOf(
      IntercomConfigError,
    );
    await expect(intercom.createLead({ email: "a@b.co" }, { retry: -1 })).rejects.toBeInstanceOf(IntercomConfigError);
    expect(fetch).not.toHaveBeenCalled();
  });

  it("a relative proxy path outside a browser page is a config error, not a network error", async () => {
    const fetch = vi.fn();
    const error = await createIntercom({ baseUrl: "/api/intercom", fetch })
      .createLead({ email: "a@b.co" })
      .catch((thrown: unknown) => thrown);
    expect(error).toEqual(
      new IntercomConfigError(
        'baseUrl "/api/intercom" is relative, which only works in a browser page; use an absolute URL here',
      ),
    );
    expect(fetch).not.toHaveBeenCalled();
  });

  it("never echoes the token in a config error", () => {
    const error = (() => {
      try {
        createIntercom({ token: "s3cret\rvalue" });
      } catch (thrown) {
        return thrown as Error;
      }
    })();
    expect(error).toBeInstanceOf(IntercomConfigError);
    expect(JSON.stringify(error) + String(error?.message)).not.toContain("s3cret");
  });

  it("posts to a proxy URL with a path", async () => {
    const urls: string[] = [];
    const intercom = createIntercom({
      baseUrl: "https://shop.example/api/intercom",
      fetch: async (request) => {
        urls.push(request.url);
        return Response.json({ type: "contact", id: "1" });
      },
    });
    await intercom.createLead({ email: "a@b.co" });
    expect(urls).toEqual(["https://shop.example/api/intercom/contacts"]);
  });
});
