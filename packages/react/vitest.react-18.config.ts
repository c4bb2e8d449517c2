import { createRequire } from "node:module";
import { dirname } from "node:path";
import { defineProject } from "vitest/config";

// The same tests as the "react" project, against React 18.3 (the lowest major the peer range allows).
const require = createRequire(import.meta.url);
const react = dirname(require.resolve("react-18/package.json"));
const reactDom = dirname(require.resolve("react-dom-18/package.json"));

export default defineProject({
  resolve: {
    alias: [
      { find: /^react$/, replacement: `${react}/index.js` },
      { find: /^react\/(.*)$/, replacement: `${react}/$1` },
      { find: /^react-dom$/, replacement: `${reactDom}/index.js` },
      { find: /^react-dom\/(.*)$/, replacement: `${reactDom}/$1` },
    ],
  },
  test: {
    name: "react-18",
    environment: "jsdom",
    env: { REACT_MAJOR: "18" },
    include: ["test/**/*.test.{ts,tsx}"],
    setupFiles: ["./test/support/react-18.ts", "./test/support/setup.ts"],
    // Transformed by Vite, so their own imports of react and react-dom get the aliases above.
    server: { deps: { inline: [/@tanstack\/react-query/, /@testing-library\/react/] } },
  },
});
