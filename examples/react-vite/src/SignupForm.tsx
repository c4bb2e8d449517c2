import { useCreateLead } from "@intercom-leads/react";
import type { FormEvent } from "react";
import { lastProxyAnswer, type ProxyAnswer } from "./client.ts";
import { fieldMessage, formMessage } from "./error-message.ts";

const FIELDS = [
  { name: "email", label: "Email", type: "email", autoComplete: "email" },
  { name: "name", label: "Name", type: "text", autoComplete: "name" },
  { name: "phone", label: "Phone", type: "tel", autoComplete: "tel" },
] as const;

export function SignupForm({ onCreated }: { onCreated: (id: string, answer: ProxyAnswer | undefined) => void }) {
  const { mutate, error, isPending } = useCreateLead({
    onSuccess: (lead) => onCreated(lead.id, lastProxyAnswer()),
    // TanStack pauses mutations while the browser is offline and sends them, unseen, once it is back.
    // "always" runs it now: the page's fetch refuses to send offline, and the visitor is told so.
    networkMode: "always",
  });

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? "").trim();
    mutate({
      email: text("email"),
      name: text("name") || null,
      phone: text("phone") || null,
      custom_attributes: { marketing_consent: form.get("consent") === "on" },
    });
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
      <button type="submit" disabled={isPending}>
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
