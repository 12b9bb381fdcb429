import type { ZxcvbnFactory } from '@zxcvbn-ts/core';
import type { FieldErrorCode, FieldErrorParams } from '../../../common/error-codes.js';

export const MIN_PASSWORD_LENGTH = 10;
/** zxcvbn scores 0–4; 3 = "safely unguessable: moderate protection from offline slow-hash attacks". */
export const MIN_PASSWORD_SCORE = 3;

/** Stable messages (the console shows them next to the field). */
export const PASSWORD_TOO_SHORT = `must be at least ${MIN_PASSWORD_LENGTH} characters`;
export const PASSWORD_CONTAINS_USERNAME = 'must not contain the username';
export const PASSWORD_TOO_EASY = 'is too easy to guess';

let zxcvbn: Promise<ZxcvbnFactory> | null = null;

/**
 * The dictionaries are a few MB: loaded on the first password that is checked (once per process),
 * not when the server (or any module importing this one) starts.
 */
function loadZxcvbn(): Promise<ZxcvbnFactory> {
  zxcvbn ??= (async () => {
    const [{ ZxcvbnFactory }, common, en] = await Promise.all([
      import('@zxcvbn-ts/core'),
      import('@zxcvbn-ts/language-common'),
      import('@zxcvbn-ts/language-en'),
    ]);
    return new ZxcvbnFactory({
      dictionary: { ...common.dictionary, ...en.dictionary },
      graphs: common.adjacencyGraphs,
      translations: en.translations,
    });
  })().catch((err) => {
    zxcvbn = null;
    throw err;
  });
  return zxcvbn;
}

/**
 * The password rule for every password a person chooses (not the generated ones, not ADMIN_INITIAL_PASSWORD):
 * at least 10 characters, not containing the username, and a zxcvbn score of at least 3 with the username and
 * the person's name as known inputs. Returns the first rule broken (code and English message), or null.
 */
export async function passwordProblem(
  password: string,
  person: { username: string; name?: string | null },
): Promise<{ code: FieldErrorCode; message: string; params?: FieldErrorParams } | null> {
  if (password.length < MIN_PASSWORD_LENGTH)
    return { code: 'too_short', message: PASSWORD_TOO_SHORT, params: { min: MIN_PASSWORD_LENGTH } };
  const username = person.username.trim().toLowerCase();
  if (username && password.toLowerCase().includes(username))
    return { code: 'contains_username', message: PASSWORD_CONTAINS_USERNAME };
  // The name as written, its parts, and run together ("Wang Fang" → "wangfang"), as people type it in passwords.
  const name = person.name?.trim() ?? '';
  const nameInputs = name ? [name, ...name.split(/\s+/), name.replace(/\s+/g, '')] : [];
  const inputs = [person.username, ...nameInputs].filter((s) => s.trim().length > 0);
  const result = (await loadZxcvbn()).check(password, inputs);
  return result.score < MIN_PASSWORD_SCORE ? { code: 'too_easy_to_guess', message: PASSWORD_TOO_EASY } : null;
}
