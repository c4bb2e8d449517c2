import { useState } from "react";
import type { ProxyAnswer } from "./client.ts";
import { DemoBanner } from "./DemoBanner.tsx";
import { LeadCard } from "./LeadCard.tsx";
import { SignupForm } from "./SignupForm.tsx";

/** The page's title and heading, one text (index.html's <title> says the same). */
export const TITLE = "Join the Ministry of Truth newsletter";

export function App() {
  const [created, setCreated] = useState<{ id: string; answer: ProxyAnswer | undefined }>();
  // A new key per form: "Add another lead" starts from empty fields and a fresh mutation.
  const [formKey, setFormKey] = useState(0);
  return (
    <main>
      <DemoBanner />
      <h1>{TITLE}</h1>
      <p className="lede">Leave your details and we will write to you. No spam: just the news that matters.</p>
      {created ? (
        <LeadCard
          id={created.id}
          answer={created.answer}
          onAddAnother={() => {
            setCreated(undefined);
            setFormKey((key) => key + 1);
          }}
        />
      ) : (
        <SignupForm key={formKey} onCreated={(id, answer) => setCreated({ id, answer })} />
      )}
    </main>
  );
}
