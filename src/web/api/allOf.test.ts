import { describe, expect, it } from 'vitest';
import { allOf } from './client';

type Colour = 'red' | 'green' | 'blue';

describe('allOf', () => {
  it('accepts a list of exactly the union’s values and keeps its order', () => {
    const colours = allOf<Colour>()(['green', 'red', 'blue']);
    expect(colours).toEqual(['green', 'red', 'blue']);
  });

  it('fails to compile when the list lacks a value or holds an unknown one', () => {
    // @ts-expect-error 'blue' is missing
    const missing = allOf<Colour>()(['green', 'red']);
    // @ts-expect-error 'pink' is not a Colour
    const unknown = allOf<Colour>()(['green', 'red', 'blue', 'pink']);
    // Compile-time checks; at run time the function returns its argument unchanged.
    expect([missing, unknown]).toEqual([
      ['green', 'red'],
      ['green', 'red', 'blue', 'pink'],
    ]);
  });
});
