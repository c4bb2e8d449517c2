// Enough words for distinct pseudonyms across a test file; Intercom's own lists are much longer.
const COLOURS = ["Lime", "Azure", "Coral", "Amber", "Indigo", "Olive", "Scarlet", "Teal", "Violet", "Ivory"] as const;
const ANIMALS = ["Camel", "Otter", "Heron", "Lynx", "Walrus", "Gecko", "Badger", "Puffin", "Marten", "Ibis"] as const;

/** Hands out contact ids and pseudonyms from a counter, so runs are repeatable. */
export class IdSource {
  #next: number = 0;

  /**
   * A 24-hex id shaped like Intercom's (a Mongo ObjectId): 8 hex digits of Unix seconds, then the counter.
   * The counter never restarts, so an id taken before `reset()` can't name a later contact.
   */
  contactId(nowMs: number): string {
    const seconds = Math.max(0, Math.floor(nowMs / 1000)) % 2 ** 32;
    const counter = this.#next++;
    return seconds.toString(16).padStart(8, "0") + counter.toString(16).padStart(16, "0");
  }

  /** A pseudonym like "Lime Camel from Dublin", picked by how many contacts came before. */
  pseudonym(city: string): string {
    const n = Math.max(0, this.#next - 1);
    const colour = COLOURS[n % COLOURS.length] ?? COLOURS[0];
    const animal = ANIMALS[Math.floor(n / COLOURS.length) % ANIMALS.length] ?? ANIMALS[0];
    return `${colour} ${animal} from ${city}`;
  }
}
