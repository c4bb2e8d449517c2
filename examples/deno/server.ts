/**
 * The lead proxy on Deno: `createLeadHandler` is a standard `(request) => Promise<Response>`,
 * so `Deno.serve` takes it as is. Browsers on ALLOWED_ORIGINS POST leads to /contacts;
 * the token stays here.
 *
 *   INTERCOM_TOKEN=… ALLOWED_ORIGINS=http://localhost:5173 deno task serve
 */
import { type IntercomRegion, isIntercomError } from "@intercom-leads/core";
import { createLeadHandler, type FetchHandler } from "@intercom-leads/core/server";

function allowedOrigins(value: string | undefined): string[] | "*" {
  if (value?.trim() === "*") return "*";
  return (value ?? "")
    .split(",")
    .map((origin) => origin.trim())
    .filter((origin) => origin !== "");
}

let handler: FetchHandler;
try {
  handler = createLeadHandler({
    token: Deno.env.get("INTERCOM_TOKEN"),
    region: (Deno.env.get("INTERCOM_REGION") || undefined) as IntercomRegion | undefined,
    // Optional: a fake Intercom (http is fine on loopback) or another Intercom-compatible proxy.
    baseUrl: Deno.env.get("INTERCOM_BASE_URL") || undefined,
    allowedOrigins: allowedOrigins(Deno.env.get("ALLOWED_ORIGINS")),
    // Upstream details never reach the browser; they are logged here.
    onError: (error) => console.error("Creating a lead failed:", error),
  });
} catch (error) {
  if (!isIntercomError(error)) throw error;
  console.error(`${error.name}: ${error.message}`);
  Deno.exit(1);
}

Deno.serve(
  {
    hostname: Deno.env.get("HOST") || "127.0.0.1",
    port: Number(Deno.env.get("PORT") || 8787),
    onListen: ({ hostname, port }) =>
      console.log(`Lead proxy listening on http://${hostname}:${port} (POST /contacts)`),
  },
  handler,
);
