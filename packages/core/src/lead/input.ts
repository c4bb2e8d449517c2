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

/**
 * Input for creating a lead with API 2.x (`POST /contacts`, see Intercom's `create_contact_request`).
 * `role` is always sent as `"lead"`; any other role is refused.
 */
export interface LeadInput extends CommonLeadInput {
  /** Always `"lead"`: the client sets it for you. */
  role?: "lead";
  /** Your own identifier for the contact. */
  external_id?: string;
  /** Whether you have verified that the contact owns the email address. Needs `email`. */
  email_verified?: boolean | null;
  /** URL of an avatar image. */
  avatar?: string | null;
  /** (Unix seconds) When the lead was last seen. */
  last_seen_at?: number | null;
  /** The id of the admin who owns the lead. */
  owner_id?: string | null;
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

/** The lead input type for an API version. */
export type LeadInputFor<V extends string> = V extends `1.${string}` ? LegacyLeadInput : LeadInput;
