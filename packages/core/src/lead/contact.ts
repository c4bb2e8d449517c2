import type { CustomAttributes } from "./input.ts";

/** A nested collection as API 2.x returns it (tags, notes, companies). */
interface IntercomList {
  type: "list";
  data: unknown[];
  url?: string;
  total_count?: number;
  has_more?: boolean;
}

/**
 * A contact as API 2.x returns it (Intercom's `contact` schema). For a lead, `role` is `"lead"`.
 * Fields Intercom adds later pass through untouched.
 */
export interface Contact {
  type: "contact";
  id: string;
  workspace_id: string;
  external_id: string | null;
  role: "lead" | "user";
  email: string;
  email_domain?: string;
  phone: string | null;
  name: string | null;
  owner_id: string | number | null;
  has_hard_bounced: boolean;
  marked_email_as_spam: boolean;
  unsubscribed_from_emails: boolean;
  /** Unix seconds. */
  created_at: number;
  /** Unix seconds. */
  updated_at: number;
  signed_up_at: number | null;
  last_seen_at: number | null;
  custom_attributes: CustomAttributes;
  avatar: { type: "avatar"; image_url: string | null } | null;
  tags?: IntercomList;
  notes?: IntercomList;
  companies?: IntercomList;
  location?: {
    type: "location";
    country: string | null;
    region: string | null;
    city: string | null;
    country_code?: string | null;
    continent_code?: string | null;
  };
  social_profiles?: { type: "list"; data: unknown[] };
  [field: string]: unknown;
}

/**
 * A lead as the legacy API 1.x returns it (the original Create Lead document).
 * Fields Intercom adds later pass through untouched.
 */
export interface LegacyLead {
  type: "contact";
  id: string;
  /** Assigned by Intercom; cannot be set through the API. */
  user_id: string;
  anonymous: boolean;
  email: string | null;
  phone: string | null;
  name: string | null;
  /** A generated display name such as "Lime Camel from Dublin". */
  pseudonym: string;
  avatar: { type: "avatar"; image_url: string | null };
  app_id: string;
  companies: { type: "company.list"; companies: unknown[] };
  location_data: {
    type: "location_data";
    city_name: string | null;
    continent_code: string | null;
    country_name: string | null;
    postal_code: string | null;
    region_name: string | null;
    timezone: string | null;
    country_code: string | null;
  };
  last_request_at: number | null;
  created_at: number;
  remote_created_at: number | null;
  signed_up_at: null;
  updated_at: number;
  session_count: number;
  social_profiles: { type: "social_profile.list"; social_profiles: unknown[] };
  unsubscribed_from_emails: boolean;
  tags: { type: "tag.list"; tags: unknown[] };
  utm_campaign: string | null;
  utm_content: string | null;
  utm_medium: string | null;
  utm_source: string | null;
  utm_term: string | null;
  segments: { type: "segment.list"; segments: unknown[] };
  custom_attributes: CustomAttributes;
  [field: string]: unknown;
}

/** The created lead's type for an API version: a 2.x `Contact` or a 1.x `LegacyLead`. */
export type LeadFor<V extends string> = V extends `1.${string}` ? LegacyLead : Contact;
