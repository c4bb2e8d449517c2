// The lead-capture form from packages/react/README.md, verbatim between the markers, rendered against the fake
// Intercom behind the real lead proxy.
// biome-ignore-all assist/source/organizeImports: the README block keeps its imports together, as in the README
import { readFileSync } from "node:fs";
import { fireEvent, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { useBackend } from "./support/fake-backend.tsx";
// README:begin
import { type IntercomError, isLeadValidationError, isRateLimitError } from "@intercom-leads/core";
import { useCreateLead, useLead } from "../src/index.ts";
import type { FormEvent } from "react";

function fieldMessage(error: IntercomError | null, field: string): string | undefined {
  return isLeadValidationError(error) ? error.issues.find((issue) => issue.path[0] === field)?.message : undefined;
}

// A rate limit stored nothing; resetAt (from the proxy's Retry-After) says when a new submit can succeed.
function busyMessage(resetAt: Date | undefined): string {
  const seconds = resetAt ? Math.ceil((resetAt.getTime() - Date.now()) / 1000) : 0;
  return seconds > 0 ? `We are busy; please try again in ${seconds} s.` : "We are busy; please try again.";
}

function SignupForm() {
  const { mutate, data: created, error, isPending } = useCreateLead();
  const { data: lead } = useLead(created?.id); // from the cache the mutation filled: no request

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    mutate({
      email: String(form.get("email")),
      name: String(form.get("name")) || null,
      phone: String(form.get("phone")) || null,
      custom_attributes: { marketing_consent: form.get("consent") === "on" },
    });
  }

  if (lead) return <p>Thanks, {lead.name ?? lead.email}! We will be in touch.</p>;
  return (
    <form onSubmit={onSubmit} noValidate>
      <label>
        Email <input name="email" type="email" required />
      </label>
      {fieldMessage(error, "email") && <p role="alert">Email {fieldMessage(error, "email")}</p>}
      <label>
        Name <input name="name" />
      </label>
      <label>
        Phone <input name="phone" type="tel" />
      </label>
      <label>
        <input name="consent" type="checkbox" /> Send me product news
      </label>
      <button type="submit" disabled={isPending}>
        {isPending ? "Sending…" : "Sign up"}
      </button>
      {error && !isLeadValidationError(error) && (
        <p role="alert">
          {isRateLimitError(error)
            ? busyMessage(error.resetAt)
            : error.maybeCreated
              ? "We may have your details already; no need to send them again."
              : "Something went wrong; please try again."}
        </p>
      )}
    </form>
  );
}
// README:end

describe("the React README's SignupForm", () => {
  const backend = useBackend();

  it("is the code the README shows", () => {
    const readme = readFileSync(`${import.meta.dirname}/../README.md`, "utf8");
    const here = readFileSync(import.meta.filename, "utf8");
    const copy = here.slice(here.indexOf("// README:begin\n") + 16, here.indexOf("// README:end"));
    const asInReadme = copy
      .replace('from "../src/index.ts"', 'from "@intercom-leads/react"')
      .replace("function SignupForm", "export function SignupForm");
    expect(readme).toContain(asInReadme);
  });

  it("creates one lead with the consent attribute and thanks the visitor", async () => {
    render(<SignupForm />, { wrapper: backend.wrapper(backend.browserClient()) });
    fireEvent.change(screen.getByLabelText("Email"), { target: { value: "julia@truth.org" } });
    fireEvent.change(screen.getByLabelText("Name"), { target: { value: "Julia" } });
    fireEvent.click(screen.getByLabelText("Send me product news"));
    fireEvent.click(screen.getByRole("button", { name: "Sign up" }));
    expect(await screen.findByText("Thanks, Julia! We will be in touch.")).toBeTruthy();
    expect(backend.fake.requests).toHaveLength(1);
    expect(backend.fake.requests[0]?.body).toEqual({
      email: "julia@truth.org",
      name: "Julia",
      phone: null,
      custom_attributes: { marketing_consent: true },
      role: "lead",
    });
  });

  it("shows the field message for a bad email and sends nothing", async () => {
    render(<SignupForm />, { wrapper: backend.wrapper(backend.browserClient()) });
    fireEvent.change(screen.getByLabelText("Email"), { target: { value: "julia" } });
    fireEvent.click(screen.getByRole("button", { name: "Sign up" }));
    expect((await screen.findByRole("alert")).textContent).toBe("Email must be an email address");
    expect(backend.fake.requests).toHaveLength(0);
  });

  it("tells the visitor kindly when the lead may exist already", async () => {
    backend.fake.inject({ kind: "server-error", stored: true });
    render(<SignupForm />, { wrapper: backend.wrapper(backend.browserClient()) });
    fireEvent.change(screen.getByLabelText("Email"), { target: { value: "julia@truth.org" } });
    fireEvent.click(screen.getByRole("button", { name: "Sign up" }));
    expect((await screen.findByRole("alert")).textContent).toBe(
      "We may have your details already; no need to send them again.",
    );
  });
});

describe("the React README's SignupForm under Intercom's rate limit", () => {
  // One-minute windows: a reset 30 s away is further than the proxy's client waits (10 s), so the proxy answers
  // 429 at once, with Retry-After, and nothing waits on a real clock.
  const backend = useBackend({ rateLimit: { limit: 10_000, windowMs: 60_000 } });

  afterEach(() => {
    vi.useRealTimers();
  });

  it("tells the visitor when to try again, from the proxy's Retry-After, after one request", async () => {
    // Only Date is faked, and frozen half-way through a window: the fake, the proxy and the form all read it.
    vi.useFakeTimers({ toFake: ["Date"], now: Date.parse("2026-01-01T00:00:30Z") });
    backend.fake.inject({ kind: "rate-limit" });
    render(<SignupForm />, { wrapper: backend.wrapper(backend.browserClient()) });
    fireEvent.change(screen.getByLabelText("Email"), { target: { value: "julia@truth.org" } });
    fireEvent.click(screen.getByRole("button", { name: "Sign up" }));
    expect((await screen.findByRole("alert")).textContent).toBe("We are busy; please try again in 30 s.");
    expect(backend.fake.requests.map((request) => request.status)).toEqual([429]);
    expect(backend.fake.leads).toHaveLength(0);
  });
});
