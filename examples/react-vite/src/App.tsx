import { useState } from "react";
import { LeadCard } from "./LeadCard.tsx";
import { SignupForm } from "./SignupForm.tsx";

export function App() {
  const [leadId, setLeadId] = useState<string>();
  return (
    <main>
      <h1>Stay in touch</h1>
      <p className="lede">Leave your details and we will write to you. No spam: just the news that matters.</p>
      {leadId ? <LeadCard id={leadId} /> : <SignupForm onCreated={setLeadId} />}
    </main>
  );
}
