/**
 * Where a visitor came from, as the page sees it. Sent by a browser's client with
 * `createLead(input, { attribution })` to the lead proxy, which keeps the parts its operator maps
 * to custom attributes (`createLeadHandler({ attribution: { utm_source: "custom_attributes.utm_source" } })`).
 */
export interface LeadAttribution {
  /** `utm_source` from the landing page's URL. */
  utm_source?: string;
  /** `utm_medium` from the landing page's URL. */
  utm_medium?: string;
  /** `utm_campaign` from the landing page's URL. */
  utm_campaign?: string;
  /** `utm_term` from the landing page's URL. */
  utm_term?: string;
  /** `utm_content` from the landing page's URL. */
  utm_content?: string;
  /** The page that linked to the landing page (`document.referrer`), if the browser tells. */
  referrer?: string;
  /** The path (and query) of the first page of the visit. */
  landing_path?: string;
}

/** The attribution names a page may send. */
export type LeadAttributionName = keyof LeadAttribution;
