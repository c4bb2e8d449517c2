/** A hex id like Intercom's contact ids (24 hex digits), for a lead that was never created. */
function lookalikeId(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(12)), (byte) => byte.toString(16).padStart(2, "0")).join("");
}

/**
 * The contact a bot that filled the honeypot is shown, so that its answer looks like a person's: the
 * shape Intercom answers a create with, its input, a fresh id, and nothing stored anywhere.
 */
export function lookalikeLead(input: Record<string, unknown>, legacy: boolean): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000);
  const text = (value: unknown) => (typeof value === "string" ? value : null);
  const lead: Record<string, unknown> = {
    type: "contact",
    id: lookalikeId(),
    role: "lead",
    email: text(input.email),
    phone: text(input.phone),
    name: text(input.name),
    created_at: now,
    updated_at: now,
    custom_attributes: {},
  };
  if (legacy) lead.user_id = crypto.randomUUID();
  return lead;
}
