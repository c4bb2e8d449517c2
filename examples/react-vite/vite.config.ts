import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";
import { intercomLeadsProxy } from "./server/lead-proxy-plugin.ts";

export default defineConfig({
  plugins: [react(), intercomLeadsProxy()],
  server: { host: "127.0.0.1" },
  preview: { host: "127.0.0.1" },
  // The plugin prints the page's URL and one line per lead; Vite itself only warns.
  logLevel: "warn",
  clearScreen: false,
});
