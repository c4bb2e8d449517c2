import type { Contact, CustomAttributes, LegacyLead } from "@intercom-leads/core";
import { contactShapeFor } from "./api-version.ts";
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
 * A 2.x contact as the fake holds it, whatever version created it: each answer renders it in the version asked
 * for (`renderContact`), as Intercom's answers follow the request's `Intercom-Version`, not the creator's.
 */
export interface ContactRecord {
  readonly id: string;
  readonly workspaceId: string;
  readonly role: "lead" | "user";
  readonly external_id: string | null;
  /** `""` without an address: the descriptions type `email` as a string that is never null. */
  readonly email: string;
  readonly phone: string | null;
  readonly name: string | null;
  readonly avatar: string | null;
  /** The admin's id as digits; rendered as an integer up to 2.15 and as a string from 2.16. */
  readonly owner_id: string | null;
  readonly signed_up_at: number | null;
  readonly last_seen_at: number | null;
  readonly unsubscribed_from_emails: boolean;
  readonly language_override: string | null;
  readonly custom_attributes: CustomAttributes;
  /** Unix seconds. */
  readonly created_at: number;
}

/** Makes the record of a contact a 2.x create stores. */
export function buildContactRecord(fields: ContactFields, context: ContactContext): ContactRecord {
  return {
    id: context.id,
    workspaceId: context.workspaceId,
    role: fields.role,
    external_id: fields.external_id ?? null,
    email: fields.email ?? "",
    phone: fields.phone,
    name: fields.name,
    avatar: fields.avatar,
    owner_id: fields.owner_id,
    signed_up_at: fields.signed_up_at,
    last_seen_at: fields.last_seen_at,
    unsubscribed_from_emails: fields.unsubscribed_from_emails,
    language_override: fields.language_override,
    custom_attributes: fields.custom_attributes,
    created_at: context.nowSeconds,
  };
}

/** Options of `renderContact`. */
export interface RenderOptions {
  /** The request asked for `include_merge_history=true` (2.16 and Preview). */
  readonly mergeHistory: boolean;
}

/**
 * The phone "normalized to the E164 format" (`formatted_phone`). Without a workspace's country the fake can only
 * normalise a number written with its country code (`+353 1 234 5678` → `+35312345678`); others get `null`.
 */
function e164(phone: string | null): string | null {
  if (phone === null) return null;
  const compact = phone.replace(/[\s().-]/g, "");
  return /^\+[1-9]\d{6,14}$/.test(compact) ? compact : null;
}

/**
 * A 2.x contact as `apiVersion` answers it, field for field as the descriptions' examples, so it validates against
 * that version's `contact` schema: `owner_id` an integer up to 2.15 and a string from 2.16; `formatted_phone` in
 * 2.11 and Preview; `enabled_push_messaging` from 2.12 (the descriptions declare it on the single-contact answers
 * only, and their list examples are empty: one serialisation serves every answer, as the `utm_*` fields of their
 * examples do); `merge_history` (always empty: the fake merges nothing) for users in 2.16 and Preview when asked for. The schema types `email` and `email_domain` as
 * non-nullable strings, so a contact without an address gets `""` for both rather than `null`.
 */
export function renderContact(record: ContactRecord, apiVersion: string, options: RenderOptions): Contact {
  const shape = contactShapeFor(apiVersion);
  const { id, email } = record;
  const phone = shape.formattedPhone
    ? { phone: record.phone, formatted_phone: e164(record.phone) }
    : { phone: record.phone };
  const owner = record.owner_id === null || shape.ownerId === "string" ? record.owner_id : Number(record.owner_id);
  const contact: Contact = {
    type: "contact",
    id,
    workspace_id: record.workspaceId,
    external_id: record.external_id,
    role: record.role,
    email,
    email_domain: email.includes("@") ? (email.split("@").pop() ?? "").toLowerCase() : "",
    ...phone,
    name: record.name,
    avatar: record.avatar === null ? null : { type: "avatar", image_url: record.avatar },
    owner_id: owner,
    social_profiles: { type: "list", data: [] },
    has_hard_bounced: false,
    marked_email_as_spam: false,
    unsubscribed_from_emails: record.unsubscribed_from_emails,
    created_at: record.created_at,
    updated_at: record.created_at,
    signed_up_at: record.signed_up_at,
    last_seen_at: record.last_seen_at,
    last_replied_at: null,
    last_contacted_at: null,
    last_email_opened_at: null,
    last_email_clicked_at: null,
    language_override: record.language_override,
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
    custom_attributes: { ...record.custom_attributes },
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
  };
  if (shape.pushMessaging) contact.enabled_push_messaging = null;
  // "Only available for contacts with a user role."
  if (options.mergeHistory && shape.mergeHistory && record.role === "user") contact.merge_history = [];
  return contact;
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
