import {
  type ApiVersion,
  createIntercom,
  DEFAULT_API_VERSION,
  type IntercomRegion,
  isIntercomError,
} from "@intercom-leads/core";
import { targetUrl } from "../net/reachability.ts";
import {
  AttributesApiError,
  type AttributesConnection,
  CUSTOM_PREFIX,
  createContactAttribute,
  listContactAttributes,
} from "./attributes-api.ts";

/** The data types `attributes ensure --type` creates with. */
export const ATTRIBUTE_TYPES = ["string", "integer", "float", "boolean", "date"] as const;

/** The `attributes ensure` subcommand's flags, as commander parses them. */
export interface AttributesEnsureFlags {
  token?: string;
  region: IntercomRegion;
  apiVersion?: string;
  baseUrl?: string;
  type: (typeof ATTRIBUTE_TYPES)[number];
}

/** The exit codes of `attributes ensure` (documented in the README). */
export const ATTRIBUTES_EXIT_CODES = {
  /** Every attribute named exists now. */
  ok: 0,
  /** Some could not be listed or created; the others are done, and running it again creates only what is missing. */
  failed: 1,
  /** The command line or the token cannot be used as given; nothing was sent. */
  usage: 2,
} as const;

/** How long one request to Intercom may take. */
const TIMEOUT_MS = 30_000;

interface Io {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  readonly env: NodeJS.ProcessEnv;
}

/** The connection the flags describe, or why there is none (nothing is sent then). */
function connectionOf(flags: AttributesEnsureFlags, env: NodeJS.ProcessEnv): AttributesConnection | string {
  const token = flags.token ?? env.INTERCOM_TOKEN;
  if (!token) return "An Intercom access token is needed: pass --token or set INTERCOM_TOKEN";
  const apiVersion = flags.apiVersion ?? DEFAULT_API_VERSION;
  if (/^1\./.test(apiVersion))
    return `Data attributes are created through API 2.x; --api-version ${apiVersion} is the legacy API`;
  try {
    // Core's own checks of the token, version and base URL (a token goes over https://, or http:// to loopback only).
    createIntercom({ token, region: flags.region, apiVersion: apiVersion as ApiVersion, baseUrl: flags.baseUrl });
  } catch (error) {
    if (isIntercomError(error)) return error.message;
    throw error;
  }
  return { baseUrl: targetUrl(flags.baseUrl, flags.region), token, apiVersion, timeoutMs: TIMEOUT_MS };
}

/** The names asked for, `custom_attributes.` taken off (so an import's column names work), each once. */
function namesOf(given: readonly string[]): string[] {
  return [...new Set(given.map((name) => (name.startsWith(CUSTOM_PREFIX) ? name.slice(CUSTOM_PREFIX.length) : name)))];
}

function messageOf(error: unknown): string {
  if (!(error instanceof AttributesApiError)) throw error;
  return error.maybeDone
    ? `${error.message} (it may have been created all the same: run the command again, it creates only what is missing)`
    : error.message;
}

/**
 * `intercom-leads attributes ensure <names…>`: lists the workspace's custom contact attributes, creates the missing
 * ones (`POST /data_attributes`, model contact) one at a time, and says which existed and which it created. A second
 * run creates nothing. Resolves with an `ATTRIBUTES_EXIT_CODES` code.
 */
export async function attributesEnsureCommand(
  given: readonly string[],
  flags: AttributesEnsureFlags,
  io: Io,
): Promise<number> {
  const names = namesOf(given);
  if (names.some((name) => name.trim() === "")) {
    io.stderr.write("error: An attribute name cannot be empty\n");
    return ATTRIBUTES_EXIT_CODES.usage;
  }
  const connection = connectionOf(flags, io.env);
  if (typeof connection === "string") {
    io.stderr.write(`error: ${connection}\n`);
    return ATTRIBUTES_EXIT_CODES.usage;
  }

  let existing: Map<string, string>;
  try {
    existing = new Map((await listContactAttributes(connection)).map((a) => [a.name, a.dataType]));
  } catch (error) {
    io.stderr.write(`error: ${messageOf(error)}\n`);
    return ATTRIBUTES_EXIT_CODES.failed;
  }

  const counts = { created: 0, defined: 0, failed: 0 };
  for (const name of names) {
    const dataType = existing.get(name);
    if (dataType !== undefined) {
      counts.defined++;
      io.stdout.write(`${name}: already defined (${dataType})\n`);
      if (dataType !== flags.type)
        io.stderr.write(
          `warning: ${name} is a ${dataType} attribute, not ${flags.type}; Intercom's API cannot change an attribute's type\n`,
        );
      continue;
    }
    try {
      await createContactAttribute(connection, name, flags.type);
      counts.created++;
      io.stdout.write(`${name}: created (${flags.type})\n`);
    } catch (error) {
      counts.failed++;
      io.stderr.write(`error: ${name}: ${messageOf(error)}\n`);
    }
  }
  const failed = counts.failed > 0 ? `, failed ${counts.failed}` : "";
  io.stdout.write(`created ${counts.created}, already defined ${counts.defined}${failed}\n`);
  return counts.failed > 0 ? ATTRIBUTES_EXIT_CODES.failed : ATTRIBUTES_EXIT_CODES.ok;
}
