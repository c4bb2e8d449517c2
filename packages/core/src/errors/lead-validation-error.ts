import { IntercomError, type IntercomErrorOptions } from "./intercom-error.ts";

/** One problem with a lead input. */
export interface LeadValidationIssue {
  /** Where the problem is, e.g. `["email"]` or `["custom_attributes", "plan"]`; `[]` for the input itself. */
  readonly path: readonly string[];
  /** What is wrong, in words fit for a form. */
  readonly message: string;
}

/**
 * The input was refused before any request was sent; `issues` lists every problem.
 */
export class LeadValidationError extends IntercomError {
  override name: "LeadValidationError" = "LeadValidationError";
  /** Every problem found, in input order. */
  readonly issues: readonly LeadValidationIssue[];

  /**
   * @param issues Every problem found; the message lists them too.
   * @param options `maybeCreated` only when an earlier attempt of the same call may have stored the lead.
   */
  constructor(issues: readonly LeadValidationIssue[], options: Pick<IntercomErrorOptions, "maybeCreated"> = {}) {
    const summary = issues.map((issue) =>
      issue.path.length ? `${issue.path.join(".")}: ${issue.message}` : issue.message,
    );
    super(`Invalid lead: ${summary.join("; ")}`, options);
    this.issues = issues;
  }
}
