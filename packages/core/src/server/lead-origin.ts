import type { LeadAttributionName } from "../types/attribution.ts";
import { PROXY_HEADERS } from "../wire/proxy-headers.ts";
import { isObject } from "./allowlist.ts";
import type { UserAgentTarget } from "./attribution-check.ts";

/** Intercom's limit on a string custom attribute. */
const MAX_VALUE_LENGTH = 255;

/** Sets `target` (`"name"` or `"custom_attributes.<name>"`) on `lead`, unless the form already set it. */
function fill(lead: Record<string, unknown>, target: string, value: string): void {
  const [top, inner] = target.startsWith("custom_attributes.")
    ? ["custom_attributes", target.slice("custom_attributes.".length)]
    : [target];
  if (inner === undefined) {
    if (lead[top] === undefined) lead[top] = value;
    return;
  }
  const attributes = isObject(lead[top]) ? { ...lead[top] } : {};
  if (attributes[inner] === undefined) attributes[inner] = value;
  lead[top] = attributes;
}

/**
 * Adds where the lead came from, as the handler's options map it: the page's attribution (the
 * `X-Lead-Attribution` header) and the browser's `User-Agent`. A value the form set is never replaced;
 * values are cut to 255 characters; names the page sent that are not mapped are dropped.
 */
export function addLeadOrigin(
  lead: Record<string, unknown>,
  request: Request,
  attribution: Partial<Record<LeadAttributionName, string>> | undefined,
  userAgent: UserAgentTarget,
): Record<string, unknown> {
  const out = { ...lead };
  const sent = attribution && request.headers.get(PROXY_HEADERS.attribution);
  if (attribution && sent) {
    const params = new URLSearchParams(sent);
    for (const [name, target] of Object.entries(attribution)) {
      const value = params.get(name);
      if (value && target) fill(out, target, value.slice(0, MAX_VALUE_LENGTH));
    }
  }
  const agent = userAgent && request.headers.get("user-agent");
  if (agent)
    fill(out, userAgent as string, userAgent === "last_seen_user_agent" ? agent : agent.slice(0, MAX_VALUE_LENGTH));
  return out;
}
