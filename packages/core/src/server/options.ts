import type { AnyIntercomClient } from "../client/create-intercom.ts";
import type { IntercomError } from "../errors/intercom-error.ts";
import type { IntercomOptions } from "../types/options.ts";

/** What the handler sends back for a created lead. */
export type LeadResponseView = "lead" | "summary" | ((lead: Record<string, unknown>) => unknown);

/** What `beforeCreate` may return: nothing to go on, a replaced input, or an answer of its own (a refusal). */
// biome-ignore lint/suspicious/noConfusingVoidType: a hook that returns nothing (`async () => {}`) is typed void, and must fit.
export type BeforeCreateResult = void | undefined | Record<string, unknown> | Response;

/** Options of `createLeadHandler`. */
export interface LeadHandlerOptions extends Omit<IntercomOptions, "headers"> {
  /**
   * A ready client to create leads with, instead of `token` and the client options.
   * @default a client built from `token` and the client options
   */
  client?: AnyIntercomClient;
  /**
   * Origins (scheme, host and port, exactly as browsers send them) whose pages may post
   * leads, or `"*"` to accept any origin. Required: a proxy open to every site is a choice,
   * never a default. Requests without an `Origin` header are refused.
   */
  allowedOrigins: readonly string[] | "*";
  /**
   * Input fields a browser may set. Custom attributes are allowed one by one, as
   * `"custom_attributes.<name>"`. Anything else is refused with 400 and listed.
   * @default ["email", "name", "phone"]
   */
  fields?: readonly string[];
  /**
   * The largest request body accepted, in bytes; larger ones get 413 without being read whole.
   * @default 16_384
   */
  maxBodyBytes?: number;
  /**
   * Runs before the lead is created, with the checked input: spam checks, a captcha,
   * enrichment. Return a new input to replace it, or a `Response` to answer with instead
   * (a refusal). Throwing answers 500, or for one of this library's errors what it means
   * (a `LeadValidationError` is a 422 with its issues).
   * @default undefined
   */
  beforeCreate?: (input: Record<string, unknown>, request: Request) => BeforeCreateResult | Promise<BeforeCreateResult>;
  /**
   * What the browser gets back: the whole created `"lead"`, a `"summary"`
   * (`type`, `id`, `role`, `email`, `name`, `phone`, `created_at`), or your own view.
   * @default "lead"
   */
  respondWith?: LeadResponseView;
  /**
   * Called with every failure the browser only sees as a safe summary: upstream errors,
   * a throwing `beforeCreate`. Log it here; its details never reach the browser.
   * @default undefined
   */
  onError?: (error: IntercomError | unknown, request: Request) => void;
}
