import { useQuery } from "@tanstack/react-query";

interface DemoInfo {
  upstream: "fake" | "intercom";
  region: string;
}

/** Asks the dev server's proxy plugin which Intercom it talks to; a production server has no such route. */
async function demoInfo(): Promise<DemoInfo | null> {
  const response = await fetch("/api/intercom/__demo", { headers: { accept: "application/json" } });
  return response.ok ? ((await response.json()) as DemoInfo) : null;
}

/** Says plainly where leads go: a fake Intercom on this machine, or a real workspace. */
export function DemoBanner() {
  const { data } = useQuery({ queryKey: ["demo-info"], queryFn: demoInfo, staleTime: Number.POSITIVE_INFINITY });
  if (!data) return null;
  return data.upstream === "fake" ? (
    <p className="banner demo" role="note">
      Demo: leads go to a fake Intercom running on this machine. Nothing reaches a real Intercom workspace.
    </p>
  ) : (
    <p className="banner live" role="note">
      Live: leads are created in your Intercom workspace (region {data.region}).
    </p>
  );
}
