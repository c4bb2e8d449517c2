/**
 * A bounded hand-over between producers and one consumer: `push` waits while
 * `capacity` items are unread, so producers never run ahead of the reader and
 * memory stays bounded however large the source.
 */
export class Channel<T> {
  #items: T[] = [];
  #readers: ((result: IteratorResult<T>) => void)[] = [];
  #writers: (() => void)[] = [];
  #closed = false;

  constructor(readonly capacity: number) {}

  /** Hands `item` over, waiting while the channel is full. */
  async push(item: T): Promise<void> {
    const reader = this.#readers.shift();
    if (reader) return reader({ value: item, done: false });
    this.#items.push(item);
    if (this.#items.length > this.capacity) await new Promise<void>((resolve) => this.#writers.push(resolve));
  }

  /** No more items will come; readers get `done` once the buffer is drained. */
  close(): void {
    this.#closed = true;
    for (const reader of this.#readers.splice(0)) reader({ value: undefined, done: true });
  }

  /** The next item, or `done` once closed and drained. */
  next(): Promise<IteratorResult<T>> {
    if (this.#items.length > 0) {
      const value = this.#items.shift() as T;
      this.#writers.shift()?.();
      return Promise.resolve({ value, done: false });
    }
    if (this.#closed) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => this.#readers.push(resolve));
  }
}
