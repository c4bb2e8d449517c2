// The little of jsdom's API that react-render.js uses (jsdom ships no types; @types/jsdom is not a dependency).
declare module "jsdom" {
  export class JSDOM {
    constructor(html?: string, options?: { url?: string; pretendToBeVisual?: boolean });
    readonly window: Window & typeof globalThis;
  }
}
