/** Values Intercom accepts for a custom attribute: a flat object of scalars. */
export type CustomAttributes = Record<string, string | number | boolean | null>;

/** Fields both API generations accept when creating a lead. Wire names, as Intercom spells them. */
interface CommonLeadInput {
  /** The lead's email address. */
  email?: string;
  /** The lead's phone number. */
  phone?: string | null;
  /** The lead's full name. */
  name?: string | null;
  /** Whether the lead is unsubscribed from emails. */
  unsubscribed_from_emails?: boolean | null;
  /** Custom data attributes; each must already exist in the workspace. */
  custom_attributes?: CustomAttributes | null;
}

/** Fields every 2.x version takes (Intercom's `create_contact_request`). */
interface ContactLeadInput extends CommonLeadInput {
  /** Always `"lead"`: the client sets it for you. */
  role?: "lead";
  /** Your own identifier for the contact. */
  external_id?: string;
  /** URL of an avatar image. */
  avatar?: string | null;
  /** (Unix seconds) When the lead was last seen. */
  last_seen_at?: number | null;
}

/**
 * Input for creating a lead with API 2.7 to 2.15, the default 2.14 included (`POST /contacts`,
 * Intercom's `create_contact_request`). `role` is always sent as `"lead"`; any other role is refused.
 */
export interface LeadInput extends ContactLeadInput {
  /** The id of the admin who owns the lead: an integer up to API 2.15. */
  owner_id?: number | null;
}

/** Input for creating a lead with API 2.16 and later, where `owner_id` is a string and `email_verified` exists. */
export interface LeadInput216 extends ContactLeadInput {
  /** The id of the admin who owns the lead: a string from API 2.16. */
  owner_id?: string | null;
  /** Whether you have verified that the contact owns the email address. Needs `email`. */
  email_verified?: boolean | null;
}

/** Input for creating a lead with the `Preview` API version: 2.16's, plus `language_override`. */
export interface PreviewLeadInput extends LeadInput216 {
  /** The language the lead's messages are sent in, overriding the one Intercom detects. */
  language_override?: string | null;
}

/**
 * Input for creating a lead with the legacy API 1.x (the original Create Lead document).
 * Intercom assigns `user_id` itself, and `signed_up_at` and sessions do not exist for leads.
 */
export interface LegacyLeadInput extends CommonLeadInput {
  /** The user agent the lead was last seen with. */
  last_seen_user_agent?: string;
  /** The IP address the lead was last seen from. */
  last_seen_ip?: string;
  /** (Unix seconds) When the lead last made a request. */
  last_request_at?: number;
  /** Whether to set `last_request_at` to the time of this request. */
  update_last_request_at?: boolean;
  /** UTM campaign of the visit that produced the lead. */
  utm_campaign?: string | null;
  /** UTM content of the visit that produced the lead. */
  utm_content?: string | null;
  /** UTM medium of the visit that produced the lead. */
  utm_medium?: string | null;
  /** UTM source of the visit that produced the lead. */
  utm_source?: string | null;
  /** UTM term of the visit that produced the lead. */
  utm_term?: string | null;
}

// The versions whose create_contact_request types owner_id as an integer: every one before 2.16
// (a version older than 2.7, the oldest Intercom describes, takes 2.7's rules).
type IntegerOwnerVersion = `2.${0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11 | 12 | 13 | 14 | 15}`;

/**
 * The lead input type for an API version, as that version's description types its fields:
 * `LegacyLeadInput` for 1.x, `LeadInput` for 2.7–2.15 (`owner_id: number`), `LeadInput216` for
 * 2.16 and later (`owner_id: string`). A version only known at run time gets the union.
 */
export type LeadInputFor<V extends string> = V extends "Preview"
  ? PreviewLeadInput
  : V extends `1.${string}`
    ? LegacyLeadInput
    : V extends IntegerOwnerVersion
      ? LeadInput
      : `2.${number}` extends V
        ? LeadInput | LeadInput216
        : LeadInput216;
