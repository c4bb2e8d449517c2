// Entry for workerd: a module Worker that runs the suite when fetched and answers the report as JSON.
// The runner bundles it with esbuild and dispatches one request to it through Miniflare.
import { runSuite, runtimeInfo } from "./suite.js";

export default {
  /** @param {Request} _request @param {{ FAKE_URL: string, TOKEN: string }} env */
  async fetch(_request, env) {
    const results = await runSuite({ fakeUrl: env.FAKE_URL, token: env.TOKEN });
    return Response.json({ runtime: runtimeInfo(), results });
  },
};
