import { useLead } from "@intercom-leads/react";

/** The created lead, read back with useLead: from the cache the mutation filled, with no request. */
export function LeadCard({ id }: { id: string }) {
  const { data: lead } = useLead(id);
  if (!lead) return null;
  return (
    <section className="card" aria-live="polite">
      <h2>Thanks, {lead.name ?? lead.email}!</h2>
      <p>We will be in touch at {lead.email}.</p>
      <dl>
        <dt>Lead id</dt>
        <dd data-testid="lead-id">{lead.id}</dd>
        <dt>Created</dt>
        <dd>{new Date(lead.created_at * 1000).toLocaleString()}</dd>
        <dt>Product news</dt>
        <dd>{lead.custom_attributes.marketing_consent ? "Yes" : "No"}</dd>
      </dl>
    </section>
  );
}
