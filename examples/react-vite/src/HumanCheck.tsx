import { useEffect, useRef, useState } from "react";
import { loadTurnstile, type Turnstile } from "./turnstile.ts";

/**
 * Cloudflare Turnstile's widget, rendered explicitly. Calls `onToken` with each token it gives
 * (single-use: the form asks for a new one after every submission, through `resetSignal`), and
 * with `undefined` when a token expires.
 */
export function HumanCheck({
  siteKey,
  onToken,
  resetSignal,
}: {
  siteKey: string;
  onToken: (token: string | undefined) => void;
  /** Changing it resets the widget, for a fresh token. */
  resetSignal: number;
}) {
  const container = useRef<HTMLDivElement>(null);
  const widget = useRef<{ turnstile: Turnstile; id: string }>(undefined);
  const [failed, setFailed] = useState(false);
  // The latest callback, without re-rendering the widget when the parent re-renders.
  const tokenCallback = useRef(onToken);
  tokenCallback.current = onToken;

  useEffect(() => {
    let cancelled = false;
    loadTurnstile().then(
      (turnstile) => {
        if (cancelled || !container.current) return;
        const id = turnstile.render(container.current, {
          sitekey: siteKey,
          callback: (token) => tokenCallback.current(token),
          "expired-callback": () => tokenCallback.current(undefined),
          "error-callback": () => tokenCallback.current(undefined),
        });
        widget.current = { turnstile, id };
      },
      () => setFailed(true),
    );
    return () => {
      cancelled = true;
      if (widget.current) widget.current.turnstile.remove(widget.current.id);
      widget.current = undefined;
    };
  }, [siteKey]);

  useEffect(() => {
    if (resetSignal > 0 && widget.current) {
      tokenCallback.current(undefined);
      widget.current.turnstile.reset(widget.current.id);
    }
  }, [resetSignal]);

  return (
    <div className="human-check">
      <div ref={container} data-testid="turnstile" />
      {failed && <p className="alert">The human check could not load. Please check your connection and reload.</p>}
    </div>
  );
}
