import { type Command, Option } from "commander";
import { ATTRIBUTE_TYPES, type AttributesEnsureFlags } from "./attributes-ensure.ts";

/**
 * Adds `attributes ensure <names…>` to the program: the connection flags are the import's, so one token and one
 * `--base-url` serve both.
 */
export function addAttributesCommand(
  program: Command,
  onEnsure: (names: string[], flags: AttributesEnsureFlags) => Promise<void>,
): void {
  const attributes = program
    .command("attributes")
    .description(
      "Manage the workspace's custom contact attributes, which Intercom requires before a lead may carry them.",
    );
  attributes
    .command("ensure")
    .description(
      "Create the custom contact attributes that do not exist yet (POST /data_attributes, model contact) and say which " +
        "existed; a second run creates nothing. custom_attributes.<name> is read as <name>, so an import's columns work.",
    )
    .argument("<names...>", "the attribute names, e.g. utm_source utm_medium")
    .addOption(
      new Option("--type <type>", "the data type of the attributes it creates")
        .choices([...ATTRIBUTE_TYPES])
        .default("string"),
    )
    .option("--token <token>", "Intercom access token (default: $INTERCOM_TOKEN)")
    .addOption(
      new Option("--region <region>", "where the workspace is hosted").choices(["us", "eu", "au"]).default("us"),
    )
    .option("--api-version <version>", "Intercom-Version, 2.x or Preview (default: 2.14)")
    .option("--base-url <url>", "send to this base URL instead of the region's (a fake Intercom)")
    .action(async (names: string[], flags: AttributesEnsureFlags) => onEnsure(names, flags));
}
