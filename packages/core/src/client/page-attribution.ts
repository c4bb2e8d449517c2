import type { LeadAttribution } from "../types/attribution.ts";

const UTM = ["utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content"] as const;
const LANDING_KEY = "intercom-leads:landing";
// Intercom keeps at most 255 characters in a custom attribute's string.
const MAX = 255;

/**
 * Reads where the visitor came from: the UTM parameters and referrer of the first page of this
 * visit (this tab's session), and that page's path. The first call in a session records them in
 * `sessionStorage`, so a form on a later page still reports the landing page's; without storage,
 * the current page stands in. Outside a browser page it returns `{}`.
 *
 * @example
 * intercom.createLead(input, { attribution: pageAttribution() });
 */
export function pageAttribution(): LeadAttribution {
  // Structural, not the DOM's types: Deno and Workers type-check this file without the DOM library.
  const { location, document, sessionStorage } = globalThis as {
    location?: { pathname: string; search: string };
    document?: { referrer?: string };
    sessionStorage?: { getItem(key: string): string | null; setItem(key: string, value: string): void };
  };
  if (!location) return {};
  let stored: string | null = null;
  try {
    stored = sessionStorage?.getItem(LANDING_KEY) ?? null;
  } catch {
    // Storage can be blocked (privacy settings, sandboxed frames): the current page stands in.
  }
  if (stored) {
    try {
      return JSON.parse(stored) as LeadAttribution;
    } catch {
      // Not ours, or damaged: recorded afresh below.
    }
  }
  const params = new URLSearchParams(location.search);
  const attribution: LeadAttribution = {};
  for (const name of UTM) {
    const value = params.get(name);
    if (value) attribution[name] = value.slice(0, MAX);
  }
  const referrer = document?.referrer;
  if (referrer) attribution.referrer = referrer.slice(0, MAX);
  attribution.landing_path = (location.pathname + location.search).slice(0, MAX);
  try {
    sessionStorage?.setItem(LANDING_KEY, JSON.stringify(attribution));
  } catch {
    // As above: nothing to keep it in.
  }
  return attribution;
}
