import type { Contact, LegacyLead } from "@intercom-leads/core";
import type { ContactFields, LegacyLeadFields } from "./validate-create.ts";

/** What a new contact takes from the fake rather than from the request. */
export interface ContactContext {
  readonly id: string;
  readonly workspaceId: string;
  /** Unix seconds. */
  readonly nowSeconds: number;
}

/** What a new legacy lead takes from the fake rather than from the request. */
export interface LegacyLeadContext extends ContactContext {
  /** The uuid Intercom assigns as a lead's `user_id`. */
  readonly userId: string;
  readonly pseudonym: string;
}

function emptyList(
  id: string,
  collection: string,
): { type: "list"; data: unknown[]; url: string; total_count: number; has_more: boolean } {
  return { type: "list", data: [], url: `/contacts/${id}/${collection}`, total_count: 0, has_more: false };
}

/**
 * A 2.x contact as `POST /contacts` answers it, field for field as the spec's example, so it validates
 * against the spec's `contact` schema. The schema types `email` and `email_domain` as non-nullable
 * strings, so a contact without an address gets `""` for both rather than `null`.
 */
export function buildContact(fields: ContactFields, context: ContactContext): Contact {
  const { id, nowSeconds } = context;
  const email = fields.email ?? "";
  return {
    type: "contact",
    id,
    workspace_id: context.workspaceId,
    external_id: fields.external_id ?? null,
    role: fields.role,
    email,
    email_domain: email.includes("@") ? (email.split("@").pop() ?? "").toLowerCase() : "",
    phone: fields.phone,
    name: fields.name,
    avatar: fields.avatar === null ? null : { type: "avatar", image_url: fields.avatar },
    owner_id: fields.owner_id,
    social_profiles: { type: "list", data: [] },
    has_hard_bounced: false,
    marked_email_as_spam: false,
    unsubscribed_from_emails: fields.unsubscribed_from_emails,
    created_at: nowSeconds,
    updated_at: nowSeconds,
    signed_up_at: fields.signed_up_at,
    last_seen_at: fields.last_seen_at,
    last_replied_at: null,
    last_contacted_at: null,
    last_email_opened_at: null,
    last_email_clicked_at: null,
    language_override: null,
    browser: null,
    browser_version: null,
    browser_language: null,
    os: null,
    location: { type: "location", country: null, region: null, city: null, country_code: null, continent_code: null },
    android_app_name: null,
    android_app_version: null,
    android_device: null,
    android_os_version: null,
    android_sdk_version: null,
    android_last_seen_at: null,
    ios_app_name: null,
    ios_app_version: null,
    ios_device: null,
    ios_os_version: null,
    ios_sdk_version: null,
    ios_last_seen_at: null,
    custom_attributes: fields.custom_attributes,
    tags: emptyList(id, "tags"),
    notes: emptyList(id, "notes"),
    companies: emptyList(id, "companies"),
    opted_out_subscription_types: emptyList(id, "subscriptions"),
    opted_in_subscription_types: emptyList(id, "subscriptions"),
    utm_campaign: null,
    utm_content: null,
    utm_medium: null,
    utm_source: null,
    utm_term: null,
    referrer: null,
    enabled_push_messaging: null,
  };
}

/**
 * Where the fake "geolocates" every legacy lead. The seed document's lead has a filled-in
 * `location_data`, and its pseudonym names the city, so a fixed place keeps both shapes honest.
 */
export const FAKE_LOCATION: {
  readonly city_name: string;
  readonly continent_code: string;
  readonly country_name: string;
  readonly postal_code: string;
  readonly region_name: string;
  readonly timezone: string;
  readonly country_code: string;
} = Object.freeze({
  city_name: "Dublin",
  continent_code: "EU",
  country_name: "Ireland",
  postal_code: "D02",
  region_name: "Dublin",
  timezone: "Europe/Dublin",
  country_code: "IRL",
});

/** A 1.x lead with exactly the keys, in the order, of the original Create Lead document's response. */
export function buildLegacyLead(fields: LegacyLeadFields, context: LegacyLeadContext): LegacyLead {
  const { nowSeconds } = context;
  return {
    type: "contact",
    id: context.id,
    user_id: context.userId,
    anonymous: true,
    email: fields.email,
    phone: fields.phone,
    name: fields.name,
    pseudonym: context.pseudonym,
    avatar: { type: "avatar", image_url: null },
    app_id: context.workspaceId,
    companies: { type: "company.list", companies: [] },
    location_data: { type: "location_data", ...FAKE_LOCATION },
    last_request_at: fields.last_request_at ?? (fields.update_last_request_at ? nowSeconds : null),
    created_at: nowSeconds,
    remote_created_at: null,
    signed_up_at: null,
    updated_at: nowSeconds,
    session_count: 0,
    social_profiles: { type: "social_profile.list", social_profiles: [] },
    unsubscribed_from_emails: fields.unsubscribed_from_emails,
    tags: { type: "tag.list", tags: [] },
    utm_campaign: fields.utm_campaign,
    utm_content: fields.utm_content,
    utm_medium: fields.utm_medium,
    utm_source: fields.utm_source,
    utm_term: fields.utm_term,
    segments: { type: "segment.list", segments: [] },
    custom_attributes: fields.custom_attributes,
  };
}
