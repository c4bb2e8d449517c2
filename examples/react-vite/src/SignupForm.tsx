import { isLeadValidationError } from "@intercom-leads/core";
import { useCreateLead } from "@intercom-leads/react";
import { type FormEvent, useState } from "react";
import { fieldMessage, formMessage } from "./error-message.ts";
import { HumanCheck } from "./HumanCheck.tsx";
import { TURNSTILE_SITE_KEY } from "./turnstile.ts";

const FIELDS = [
  { name: "email", label: "Email", type: "email", autoComplete: "email" },
  { name: "name", label: "Name", type: "text", autoComplete: "name" },
  { name: "phone", label: "Phone", type: "tel", autoComplete: "tel" },
] as const;

/**
 * The form. Offline, a submission pauses (TanStack's default `networkMode: "online"`) and is kept
 * by the persister; the page then shows it as saved and sends it, once, when the browser is back
 * online, even after a reload. With VITE_TURNSTILE_SITE_KEY set, the visitor passes Turnstile's
 * check first, and each submission carries the widget's token.
 */
export function SignupForm() {
  const [token, setToken] = useState<string>();
  const [resets, setResets] = useState(0);
  const { mutate, error, isPending } = useCreateLead({
    // A token is single-use: after a submission that reached the proxy, ask the widget for a new one.
    // A validation error was found before the token was spent (in the page, or the proxy's field checks).
    onSettled: (_lead, settledError) => {
      if (TURNSTILE_SITE_KEY && !isLeadValidationError(settledError)) setResets((count) => count + 1);
    },
  });

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? "").trim();
    mutate(
      {
        email: text("email"),
        name: text("name") || null,
        phone: text("phone") || null,
        custom_attributes: { marketing_consent: form.get("consent") === "on" },
      },
      { verificationToken: token },
    );
  }

  const message = formMessage(error);
  return (
    <form onSubmit={onSubmit} noValidate aria-busy={isPending}>
      {FIELDS.map((field) => {
        const problem = fieldMessage(error, field.name);
        return (
          <div className="field" key={field.name}>
            <label htmlFor={field.name}>{field.label}</label>
            <input
              id={field.name}
              name={field.name}
              type={field.type}
              autoComplete={field.autoComplete}
              aria-invalid={problem ? true : undefined}
              aria-describedby={problem ? `${field.name}-problem` : undefined}
            />
            {problem && (
              <p className="problem" id={`${field.name}-problem`}>
                {field.label} {problem}
              </p>
            )}
          </div>
        );
      })}
      <label className="consent">
        <input name="consent" type="checkbox" /> Send me product news
      </label>
      {TURNSTILE_SITE_KEY && <HumanCheck siteKey={TURNSTILE_SITE_KEY} onToken={setToken} resetSignal={resets} />}
      <button type="submit" disabled={isPending || Boolean(TURNSTILE_SITE_KEY && !token)}>
        {isPending ? "Sending…" : "Sign up"}
      </button>
      {message && (
        <p className="alert" role="alert">
          {message}
        </p>
      )}
    </form>
  );
}
