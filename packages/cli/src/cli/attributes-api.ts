import { describeNetworkCode, networkCode } from "../net/reachability.ts";

/** What a custom attribute's `full_name` starts with, and what a lead's column may write before its name. */
export const CUSTOM_PREFIX = "custom_attributes.";

/** Where and how to call Intercom: the same connection an import uses. */
export interface AttributesConnection {
  /** The API's base URL, already resolved from `--base-url` or `--region`. */
  readonly baseUrl: string;
  readonly token: string;
  readonly apiVersion: string;
  /** How long one request may take. */
  readonly timeoutMs: number;
}

/** A custom contact attribute as Intercom lists it. */
export interface ListedAttribute {
  readonly name: string;
  readonly dataType: string;
}

/** A call that did not get the answer it wanted, in words for the command's output. */
export class AttributesApiError extends Error {
  override name: string = "AttributesApiError";
  /** Whether Intercom may have done it all the same: the answer was lost, not a refusal. */
  readonly maybeDone: boolean;

  constructor(message: string, maybeDone: boolean) {
    super(message);
    this.maybeDone = maybeDone;
  }
}

interface ErrorList {
  errors?: { code?: unknown; message?: unknown }[];
}

/** Intercom's refusal in one line: `401 unauthorized: Access Token Invalid`. */
async function refusal(response: Response): Promise<string> {
  const text = await response.text();
  let first: { code?: unknown; message?: unknown } | undefined;
  try {
    first = (JSON.parse(text) as ErrorList).errors?.[0];
  } catch {}
  if (first === undefined) return `${response.status} ${response.statusText || "answer"} (not an Intercom error list)`;
  return `${response.status} ${String(first.code)}: ${String(first.message ?? "")}`.trim();
}

/** Sends one request with Intercom's headers; a lost answer becomes an `AttributesApiError` in words. */
async function call(connection: AttributesConnection, method: "GET" | "POST", path: string, body?: unknown) {
  const url = `${connection.baseUrl.replace(/\/+$/, "")}${path}`;
  try {
    return await fetch(url, {
      method,
      headers: {
        accept: "application/json",
        authorization: `Bearer ${connection.token}`,
        "intercom-version": connection.apiVersion,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      body: body === undefined ? null : JSON.stringify(body),
      signal: AbortSignal.timeout(connection.timeoutMs),
    });
  } catch (error) {
    const code = networkCode(error);
    const timedOut = (error as { name?: unknown }).name === "TimeoutError";
    const why = timedOut
      ? `no answer within ${connection.timeoutMs / 1000}s`
      : describeNetworkCode(code ?? (error as Error).message);
    // Only a request that may have reached Intercom can have done anything.
    const neverSent = code === "ECONNREFUSED" || code === "ENOTFOUND" || code === "EAI_AGAIN";
    throw new AttributesApiError(`${method} ${url}: ${why}`, method === "POST" && !neverSent);
  }
}

/** The workspace's custom contact attributes (`GET /data_attributes?model=contact`): the standard ones left out. */
export async function listContactAttributes(connection: AttributesConnection): Promise<ListedAttribute[]> {
  const response = await call(connection, "GET", "/data_attributes?model=contact");
  if (!response.ok) throw new AttributesApiError(`Listing the attributes failed: ${await refusal(response)}`, false);
  const body = (await response.json().catch(() => undefined)) as
    | { data?: { full_name?: unknown; custom?: unknown; data_type?: unknown }[] }
    | undefined;
  if (!Array.isArray(body?.data))
    throw new AttributesApiError("Listing the attributes failed: no list in the answer", false);
  // A standard attribute can share a custom one's name (`name`, `email`…): only `custom_attributes.*` count.
  return body.data.flatMap(({ custom, full_name: fullName, data_type: dataType }) =>
    custom === true && typeof fullName === "string" && fullName.startsWith(CUSTOM_PREFIX)
      ? [{ name: fullName.slice(CUSTOM_PREFIX.length), dataType: String(dataType) }]
      : [],
  );
}

/** Creates a custom contact attribute (`POST /data_attributes`, model `contact`). */
export async function createContactAttribute(
  connection: AttributesConnection,
  name: string,
  dataType: string,
): Promise<void> {
  const response = await call(connection, "POST", "/data_attributes", { name, model: "contact", data_type: dataType });
  if (!response.ok) {
    // A 5xx may come after Intercom did the work: the next run's list tells.
    throw new AttributesApiError(`Intercom refused it: ${await refusal(response)}`, response.status >= 500);
  }
}
