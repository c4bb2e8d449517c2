/**
 * `@intercom-leads/cloudflare`: what the lead proxy and the client use on Cloudflare Workers.
 * @module
 */
export {};
