// Creates one lead and prints it. Without INTERCOM_TOKEN it serves the fake
// Intercom from @intercom-leads/testing on 127.0.0.1 and talks to it over HTTP.
import { createIntercom, isIntercomError } from "@intercom-leads/core";
import { createFakeIntercom, FAKE_INTERCOM_TOKEN } from "@intercom-leads/testing";
import { serveFakeIntercom } from "@intercom-leads/testing/node";

const realToken = process.env.INTERCOM_TOKEN;
const server = realToken ? undefined : await serveFakeIntercom(createFakeIntercom());

const intercom = realToken
  ? createIntercom({ token: realToken, region: process.env.INTERCOM_REGION ?? "us" })
  : createIntercom({ token: FAKE_INTERCOM_TOKEN, baseUrl: server.url });

console.log(
  realToken
    ? `Creating a lead in your Intercom workspace (${intercom.baseUrl})`
    : `No INTERCOM_TOKEN set: using the fake Intercom at ${server.url}`,
);

try {
  const lead = await intercom.createLead({
    email: "winstonsmith@truth.org",
    phone: "123987456",
    name: "Winston Smith",
    custom_attributes: realToken ? undefined : { signup_source: "demo" },
  });
  console.log(JSON.stringify(lead, null, 2));
} catch (error) {
  if (!isIntercomError(error)) throw error;
  console.error(`${error.name}: ${error.message}${error.maybeCreated ? " (the lead may have been created)" : ""}`);
  process.exitCode = 1;
} finally {
  await server?.close();
}
