import { Command, InvalidArgumentError, Option } from "commander";
import { version } from "../../package.json" with { type: "json" };
import type { ImportFormat } from "../source/format.ts";
import { addAttributesCommand } from "./attributes-command.ts";
import type { AttributesEnsureFlags } from "./attributes-ensure.ts";
import { type FakeFlags, parseAttributeNames, parseDuration, parsePort, parseRateLimit } from "./fake-flags.ts";

/** The `import` subcommand's flags, as commander parses them. */
export interface ImportFlags {
  token?: string;
  region: "us" | "eu" | "au";
  apiVersion?: string;
  concurrency: number;
  baseUrl?: string;
  dryRun?: boolean;
  rejects?: string;
  format?: ImportFormat;
  skipDuplicateEmails?: boolean;
  reconcileWaitMs?: number;
  queueUrl?: string;
  queueSecret?: string;
}

/** Where commander writes help and errors. */
export interface ProgramOutput {
  writeOut(text: string): void;
  writeErr(text: string): void;
}

function milliseconds(value: string): number {
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value)))
    throw new InvalidArgumentError("Use a whole number of milliseconds.");
  return Number(value);
}

function concurrency(value: string): number {
  const number = Number(value);
  if (!/^\d+$/.test(value) || number < 1 || number > 64)
    throw new InvalidArgumentError("Use a whole number from 1 to 64.");
  return number;
}

/**
 * The `intercom-leads` command line. Parse errors throw (exitOverride) instead of exiting, so the
 * caller maps them to exit code 2.
 */
export function buildProgram(
  output: ProgramOutput,
  onImport: (file: string, flags: ImportFlags) => Promise<void>,
  onFake: (flags: FakeFlags) => Promise<void> = async () => {},
  onAttributesEnsure: (names: string[], flags: AttributesEnsureFlags) => Promise<void> = async () => {},
): Command {
  const program = new Command("intercom-leads")
    .description("Create Intercom leads in bulk, at Intercom's rate limit, resumable after a crash.")
    .version(version)
    .configureOutput(output)
    .exitOverride()
    .showHelpAfterError("(add --help for usage)");

  program
    .command("import")
    .description(
      "Import leads from a CSV file (header row of Intercom field names, custom_attributes.<name> columns) or an NDJSON file " +
        "(one JSON object per line). A journal next to the file makes a re-run resume where the last run stopped.",
    )
    .argument("<file>", "the CSV or NDJSON file")
    .option("--token <token>", "Intercom access token (default: $INTERCOM_TOKEN); not needed with --dry-run")
    .addOption(
      new Option("--region <region>", "where the workspace is hosted").choices(["us", "eu", "au"]).default("us"),
    )
    .option(
      "--api-version <version>",
      "Intercom-Version to create leads with; 1.x uses the legacy Leads API (default: 2.14)",
    )
    .option("--concurrency <n>", "leads created at once, 1 to 64", concurrency, 4)
    .option("--base-url <url>", "send to this base URL instead of the region's (a proxy, or a fake Intercom)")
    .option("--dry-run", "check every row and write the rejects file; send nothing")
    .option("--rejects <path>", "where rejected rows go, as NDJSON (default: <file>.rejects.ndjson)")
    .addOption(
      new Option("--format <format>", "how to read the file (default: from its extension)").choices(["csv", "ndjson"]),
    )
    .option("--skip-duplicate-emails", "skip a row whose email an earlier valid row has")
    .option(
      "--reconcile-wait-ms <ms>",
      "how long to look up a lead that may have been created before sending it again; Intercom's search lags (default: 30000)",
      milliseconds,
    )
    .option(
      "--queue-url <url>",
      "hand the rows to a queue importer's endpoint (https://<worker>/imports/<id>/leads, see examples/cloudflare-queue-import) instead of creating them here; no token needed",
    )
    .option("--queue-secret <secret>", "the queue endpoint's bearer secret (default: $IMPORT_SECRET)")
    .action(async (file: string, flags: ImportFlags) => onImport(file, flags));

  program
    .command("fake")
    .description(
      "Serve a fake Intercom (@intercom-leads/testing) on localhost, to try an import against without a workspace: " +
        "it stores leads in memory, checks the token and paces like Intercom. Ctrl-C stops it.",
    )
    .option("--port <port>", "the port to listen on; 0 picks a free one", parsePort, 4010)
    .option("--host <host>", "the address to listen on", "127.0.0.1")
    .option(
      "--rate-limit <n/window>",
      "requests allowed per window, e.g. 10/s (default: Intercom's, 1666/10s)",
      parseRateLimit,
    )
    .option(
      "--search-lag <duration>",
      "how long a new lead stays invisible to search, e.g. 2s (default: 0)",
      parseDuration,
    )
    .option(
      "--custom-attributes <names>",
      "the custom contact attributes the workspace defines, comma-separated; a lead with any other is refused, as " +
        "Intercom refuses it (default: every attribute exists)",
      parseAttributeNames,
    )
    .action(async (flags: FakeFlags) => onFake(flags));

  addAttributesCommand(program, onAttributesEnsure);

  return program;
}
