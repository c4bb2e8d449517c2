import type { FakeRateLimit } from "./types.ts";

/** The access token the fake accepts unless told otherwise. */
export const FAKE_INTERCOM_TOKEN: string = "fake-intercom-token";

/** The workspace id of the original Create Lead document, so responses look like its example. */
export const DEFAULT_WORKSPACE_ID: string = "ja43hiec";

/** 10,000 requests a minute, counted the way Intercom does: in 10-second windows of 1,666. */
export const DEFAULT_RATE_LIMIT: Readonly<FakeRateLimit> = Object.freeze({ limit: 1666, windowMs: 10_000 });

/** The content type of every JSON answer, spelled as Intercom sends it. */
export const JSON_CONTENT_TYPE: string = "application/json; charset=utf-8";

/** The admin the fake's token belongs to: the `admin_id` of the data attributes it creates. */
export const FAKE_ADMIN_ID: string = "321";
