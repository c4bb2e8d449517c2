import { useLead } from "@intercom-leads/react";
import type { ProxyAnswer } from "./client.ts";

function pretty(body: string): string {
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}

/**
 * The created lead, read back with useLead (from the cache the mutation filled, with no request),
 * as the proxy returned it (a summary: type, id, role, email, name, phone, created_at), and the
 * proxy's answer as the page received it.
 */
export function LeadCard({
  id,
  answer,
  onAddAnother,
}: {
  id: string;
  answer: ProxyAnswer | undefined;
  onAddAnother: () => void;
}) {
  const { data: lead } = useLead(id);
  if (!lead) return null;
  const rows: [string, string, string][] = [
    ["Lead id", "lead-id", lead.id],
    ["Role", "lead-role", lead.role],
    ["Email", "lead-email", lead.email ?? "—"],
    ["Name", "lead-name", lead.name ?? "—"],
    ["Phone", "lead-phone", lead.phone ?? "—"],
    ["Created", "lead-created", new Date(lead.created_at * 1000).toLocaleString()],
  ];
  // Only in the whole lead (the proxy's respondWith: "lead"); its default answer, a summary, leaves custom attributes out.
  if (lead.custom_attributes)
    rows.push(["Product news", "lead-consent", lead.custom_attributes.marketing_consent ? "Yes" : "No"]);
  return (
    <section className="card" aria-live="polite" aria-labelledby="thanks">
      <h2 id="thanks">Thanks, {lead.name ?? lead.email}!</h2>
      <p>We will be in touch at {lead.email}.</p>
      <h3>The lead, as the proxy returned it</h3>
      <dl>
        {rows.map(([label, testId, value]) => (
          <div className="row" key={testId}>
            <dt>{label}</dt>
            <dd data-testid={testId}>{value}</dd>
          </div>
        ))}
      </dl>
      {answer && (
        <details open>
          <summary>
            The proxy answered <span data-testid="proxy-status">{`${answer.status} ${answer.statusText}`.trim()}</span>
          </summary>
          <pre data-testid="proxy-answer">{pretty(answer.body)}</pre>
        </details>
      )}
      <button type="button" onClick={onAddAnother}>
        Add another lead
      </button>
    </section>
  );
}
