import type { DbOrTx } from '../../db/client.js';

/** Names of the things in a higher module that would fill in this template (e.g. follow-up rules). */
export type TemplateUserFinder = (db: DbOrTx, templateId: string) => Promise<string[]>;

const finders = new Map<string, TemplateUserFinder>();

/**
 * Modules above `templates` (which it may not import) say what of theirs uses a template, so archiving one they
 * still use is refused like one a rating rule uses. Registered once by the composition root (`modules/index.ts`),
 * keyed by what the thing is called in the refusal ("follow-up rule").
 */
export function registerTemplateUsers(noun: string, find: TemplateUserFinder): void {
  finders.set(noun, find);
}

/** Every registered user of the template, as `noun "name"`. */
export async function registeredUsersOf(db: DbOrTx, templateId: string): Promise<string[]> {
  const out: string[] = [];
  for (const [noun, find] of finders) {
    for (const name of await find(db, templateId)) out.push(`${noun} "${name}"`);
  }
  return out;
}
