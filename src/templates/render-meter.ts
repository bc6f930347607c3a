// Counts a render's output while Handlebars produces it, so an exploding template stops at the cap
// instead of building a string of hundreds of megabytes first (`{{#each a}}{{@root.big}}{{/each}}` over
// 600 items and a 1 MB string would reach V8's string limit and take the heap with it). Loaded only by the
// render worker threads (src/templates/render-worker.ts): it replaces a Handlebars function for the
// whole thread.
//
// Everything a template outputs passes one of two places: an escaped `{{x}}` goes through
// `Utils.escapeExpression`, and anything a block repeats comes back from its `options.fn` / `options.inverse`.
// Each block invocation is a frame: its output, less what was already counted inside it (escaped values and
// nested blocks), is counted when it returns, so every character is counted once and the total is the
// length of the output so far. Literal text and `{{{x}}}` between two checks are bounded by the input size,
// and V8's own string limit (RangeError) and the thread's heap limit catch what slips past.
import Handlebars from 'handlebars';
import { builtinHelpers } from './render.ts';

/** The render's output passed its cap. */
export class OutputLimitError extends Error {
  override name = 'OutputLimitError';
}

class Meter {
  private produced = 0;
  /** Per open frame (the render, then each block invocation inside it): characters already counted in it. */
  private readonly counted: number[] = [0];

  constructor(private readonly max: number) {}

  /** An escaped value was printed in the innermost frame. */
  value(length: number): void {
    this.counted[this.counted.length - 1]! += length;
    this.add(length);
  }

  enter(): void {
    this.counted.push(0);
  }

  /** A block invocation returned `length` characters. */
  leave(length: number): void {
    const inside = this.counted.pop()!;
    this.counted[this.counted.length - 1]! += length;
    this.add(length - inside);
  }

  private add(length: number): void {
    this.produced += length;
    if (this.produced > this.max) throw new OutputLimitError();
  }
}

let active: Meter | null = null;

// Compiled templates capture `Utils.escapeExpression` when they are first run, so this must be in place
// before the thread compiles anything: the worker imports this module before it renders.
const plainEscape = Handlebars.Utils.escapeExpression;
(Handlebars.Utils as { escapeExpression: (value: unknown) => string }).escapeExpression = (value) => {
  const out = plainEscape(value as string);
  active?.value(out.length);
  return out;
};

type Block = (...args: unknown[]) => string;

function metered(block: Block | undefined): Block | undefined {
  if (typeof block !== 'function') return block;
  return function (this: unknown, ...args: unknown[]) {
    const meter = active;
    if (!meter) return block.apply(this, args);
    meter.enter();
    const out = block.apply(this, args);
    meter.leave(out.length);
    return out;
  };
}

// The built-in helpers with their blocks metered, given to each render in place of the originals.
const meteredHelpers: Record<string, Handlebars.HelperDelegate> = {};
for (const [name, helper] of Object.entries(builtinHelpers())) {
  meteredHelpers[name] = function (this: unknown, ...args: unknown[]) {
    const options = args[args.length - 1] as { fn?: Block; inverse?: Block } | undefined;
    if (options && typeof options === 'object') {
      options.fn = metered(options.fn);
      options.inverse = metered(options.inverse);
    }
    return (helper as (...all: unknown[]) => unknown).apply(this, args);
  };
}

/**
 * Runs `render` with its output metered against `maxLength` characters: throws `OutputLimitError` as soon
 * as the output so far passes it. `render` gets the helpers to render with.
 */
export function withOutputCap<T>(
  maxLength: number,
  render: (helpers: Record<string, Handlebars.HelperDelegate>) => T,
): T {
  active = new Meter(maxLength);
  try {
    return render(meteredHelpers);
  } catch (error) {
    // The string limit is a few hundred million characters: far past any cap, so it is the cap that hit.
    if (error instanceof RangeError && /Invalid string length/.test(error.message)) {
      throw new OutputLimitError();
    }
    throw error;
  } finally {
    active = null;
  }
}
