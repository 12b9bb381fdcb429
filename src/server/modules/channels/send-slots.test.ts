import { describe, expect, it } from 'vitest';
import { SendSlots } from './send-slots.js';

describe('SendSlots', () => {
  it('hands out at most the limit per configuration; a waiter gets a slot when one is given back', async () => {
    const slots = new SendSlots();
    expect(await slots.take('smtp-a', 5, 3)).toBe(3);
    expect(await slots.take('smtp-a', 5, 10)).toBe(2);
    expect(await slots.take('smtp-b', 5, 10)).toBe(5); // another configuration has its own

    const order: string[] = [];
    const first = slots.take('smtp-a', 5, 4).then((n) => order.push(`first:${n}`));
    const second = slots.take('smtp-a', 5, 1).then((n) => order.push(`second:${n}`));
    await new Promise((r) => setTimeout(r, 10));
    expect(order).toEqual([]); // all five in use: both wait

    slots.release('smtp-a', 2);
    await Promise.race([first, second]);
    await new Promise((r) => setTimeout(r, 10));
    // Two came back: the first waiter takes both, the second waits on.
    expect(order).toEqual(['first:2']);
    slots.release('smtp-a', 1);
    await second;
    expect(order).toEqual(['first:2', 'second:1']);
  });
});
