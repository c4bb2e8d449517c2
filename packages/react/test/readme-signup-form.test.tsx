// The lead-capture form from the README, verbatim between the markers, rendered against the fake Intercom.
import { readFileSync } from "node:fs";
import { fireEvent, render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { useBackend } from "./support/fake-backend.tsx";
// README:begin
import { isLeadValidationError, type IntercomError } from "@intercom-leads/core";
import { useCreateLead, useLead } from "../src/index.ts";
import type { FormEvent } from "react";

function fieldMessage(error: IntercomError | null, field: string): string | undefined {
  return isLeadValidationError(error) ? error.issues.find((issue) => issue.path[0] === field)?.message : undefined;
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
      <label>Email <input name="email" type="email" required /></label>
      {fieldMessage(error, "email") && <p role="alert">Email {fieldMessage(error, "email")}</p>}
      <label>Name <input name="name" /></label>
      <label>Phone <input name="phone" type="tel" /></label>
      <label><input name="consent" type="checkbox" /> Send me product news</label>
      <button type="submit" disabled={isPending}>{isPending ? "Sending…" : "Sign up"}</button>
      {error && !isLeadValidationError(error) && (
        <p role="alert">
          {error.name === "RateLimitError" ? "We are busy, please try again in a minute."
            : error.maybeCreated ? "We may have your details already; no need to send them again."
            : "Something went wrong; please try again."}
        </p>
      )}
    </form>
  );
}
// README:end

describe("the README's SignupForm", () => {
  const backend = useBackend();

  it("is the code the README shows", () => {
    const readme = readFileSync(`${import.meta.dirname}/../../../README.md`, "utf8");
    const here = readFileSync(import.meta.filename, "utf8");
    const copy = here.slice(here.indexOf("// README:begin\n") + 16, here.indexOf("// README:end"));
    const asInReadme = copy.replace('from "../src/index.ts"', 'from "@intercom-leads/react"').replace("function SignupForm", "export function SignupForm");
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
    expect(backend.fake.requests[0]!.body).toEqual({
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
    expect((await screen.findByRole("alert")).textContent).toBe("We may have your details already; no need to send them again.");
  });
});
