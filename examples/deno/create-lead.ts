/**
 * Creates one lead with `createLead` and prints it.
 *
 *   INTERCOM_TOKEN=… deno task create --email winstonsmith@truth.org --name "Winston Smith" --phone 123987456
 *
 * INTERCOM_REGION picks the workspace's region (us, eu, au); INTERCOM_BASE_URL points
 * the script at another Intercom-compatible server, such as a fake one on localhost.
 */
import {
  createLead,
  type IntercomRegion,
  isIntercomError,
  isLeadValidationError,
  type LeadInput,
} from "@intercom-leads/core";

/** Reads `--email x`, `--email=x`, `--name …` and `--phone …`; anything else is a usage error. */
function parseArgs(args: readonly string[]): Record<"email" | "name" | "phone", string | undefined> | undefined {
  const values: Record<string, string | undefined> = { email: undefined, name: undefined, phone: undefined };
  const rest = [...args];
  for (let arg = rest.shift(); arg !== undefined; arg = rest.shift()) {
    const [, name, inline] = /^--(email|name|phone)(?:=(.*))?$/s.exec(arg) ?? [];
    const value = inline ?? rest.shift();
    if (name === undefined || value === undefined) return undefined;
    values[name] = value;
  }
  return values as Record<"email" | "name" | "phone", string | undefined>;
}

const values = parseArgs(Deno.args);
if (values?.email === undefined) {
  console.error('Usage: deno task create --email <address> [--name "<full name>"] [--phone <number>]');
  Deno.exit(2);
}

const input: LeadInput = { email: values.email };
if (values.name !== undefined) input.name = values.name;
if (values.phone !== undefined) input.phone = values.phone;

try {
  const lead = await createLead(input, {
    token: Deno.env.get("INTERCOM_TOKEN"),
    region: (Deno.env.get("INTERCOM_REGION") || undefined) as IntercomRegion | undefined,
    baseUrl: Deno.env.get("INTERCOM_BASE_URL") || undefined,
  });
  console.log(JSON.stringify(lead, null, 2));
} catch (error) {
  if (!isIntercomError(error)) throw error;
  if (isLeadValidationError(error)) {
    for (const issue of error.issues) console.error(`${issue.path.join(".") || "lead"}: ${issue.message}`);
  } else {
    console.error(`${error.name}: ${error.message}${error.maybeCreated ? " (the lead may have been created)" : ""}`);
  }
  Deno.exitCode = 1;
}
