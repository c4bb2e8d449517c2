import { leadKeys } from "@intercom-leads/react";
import { usePendingLeads } from "@intercom-leads/react/offline";
import { useMutationState } from "@tanstack/react-query";
import { useState } from "react";
import { lastProxyAnswer } from "./client.ts";
import { DemoBanner } from "./DemoBanner.tsx";
import { LeadCard } from "./LeadCard.tsx";
import { SignupForm } from "./SignupForm.tsx";

/** The page's title and heading, one text (index.html's <title> says the same). */
export const TITLE = "Join the Ministry of Truth newsletter";

/** What the page says while submissions wait for the network. */
export const SAVED_OFFLINE = "Saved — will be sent when you're back online";

/**
 * The newest created lead: from this page's form, or from a submission restored after a reload
 * and sent with no form mounted (its mutation has no observer, so the page finds it in the cache).
 */
function useNewestLead(): { id: string; submittedAt: number } | undefined {
  const created = useMutationState({
    filters: { mutationKey: leadKeys.create, status: "success" },
    select: (mutation) => ({ id: (mutation.state.data as { id: string }).id, submittedAt: mutation.state.submittedAt }),
  });
  return created.at(-1);
}

export function App() {
  const pending = usePendingLeads();
  const newest = useNewestLead();
  // "Add another lead" hides the card until a newer lead comes, and starts a fresh form.
  const [dismissedAt, setDismissedAt] = useState(0);
  const [formKey, setFormKey] = useState(0);
  const shown = newest && newest.submittedAt > dismissedAt ? newest : undefined;
  return (
    <main>
      <DemoBanner />
      <h1>{TITLE}</h1>
      <p className="lede">Leave your details and we will write to you. No spam: just the news that matters.</p>
      {pending.length > 0 ? (
        // The form stays hidden meanwhile: a second submission would be a second lead.
        <p className="banner saved" role="status">
          {SAVED_OFFLINE}: <span data-testid="pending-emails">{pending.map((input) => input.email).join(", ")}</span>
        </p>
      ) : shown ? (
        <LeadCard
          id={shown.id}
          answer={lastProxyAnswer()}
          onAddAnother={() => {
            setDismissedAt(shown.submittedAt);
            setFormKey((key) => key + 1);
          }}
        />
      ) : (
        <SignupForm key={formKey} />
      )}
    </main>
  );
}
