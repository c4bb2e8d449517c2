import { IntercomError } from "./intercom-error.ts";

/** The client options are unusable or unsafe (for example, a token sent over plain HTTP). */
export class IntercomConfigError extends IntercomError {
  override name: "IntercomConfigError" = "IntercomConfigError";
}
