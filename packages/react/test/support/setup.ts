import { cleanup, configure } from "@testing-library/react";
import { afterEach } from "vitest";

// Real HTTP through the proxy to the fake takes longer when the machine is busy with other test files.
configure({ asyncUtilTimeout: 5000 });

// Testing Library only cleans up by itself when test globals are on; ours are imported.
afterEach(() => cleanup());
