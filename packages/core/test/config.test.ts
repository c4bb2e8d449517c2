import { describe, expect, it } from "vitest";
import { createIntercom, createLead, IntercomConfigError } from "../src/index.ts";

describe("client options", () => {
  it.each([
    [{ token: "t", baseUrl: "http://api.example.com" }, "Refusing to send the token over plain http:// to api.example.com; use https://"],
    [{ token: "t", baseUrl: "http://10.0.0.8:8080" }, "Refusing to send the token over plain http:// to 10.0.0.8; use https://"],
    [{ token: "t", baseUrl: "/api/intercom" }, "A token needs an absolute https:// baseUrl; a relative baseUrl is for a proxy without one"],
    [{ baseUrl: "ftp://files.example.com" }, "baseUrl must use https:// (or http:// to loopback), not ftp:"],
    [{ baseUrl: "not a url" }, 'baseUrl "not a url" is not a URL'],
    [{ region: "mars" }, 'Unknown region "mars": use "us", "eu" or "au"'],
    [{ region: "toString" }, 'Unknown region "toString": use "us", "eu" or "au"'],
    [{ apiVersion: "3.0" }, 'apiVersion "3.0" is not an Intercom API version such as "2.14" or "1.4"'],
    [{ apiVersion: "latest" }, 'apiVersion "latest" is not an Intercom API version such as "2.14" or "1.4"'],
    [{ token: "" }, "token must be a non-empty string"],
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
  ])("accepts %o", (options, baseUrl) => {
    expect(createIntercom(options as never).baseUrl).toBe(baseUrl);
  });

  it("the one-shot createLead rejects bad options instead of throwing synchronously", async () => {
    const pending = createLead({ email: "a@b.co" }, { token: "t", baseUrl: "http://api.example.com" });
    await expect(pending).rejects.toBeInstanceOf(IntercomConfigError);
  });

  it("posts to a relative proxy path from a page", async () => {
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
