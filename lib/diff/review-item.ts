/**
 * One item of "needs review": the object, and what happens in paved's words
 * with the values it quotes (each format escapes them for its medium).
 */
import { type Phrase, plainText } from '../private/escape';
import type { DiffObject, ReviewItem } from './types';

/** An item about an object: `said` in words, `reason` the same as plain text. */
export function reviewItem(o: Pick<DiffObject, 'label' | 'file' | 'environment'>, said: Phrase): ReviewItem {
  return { label: o.label, reason: plainText(said), said, file: o.file, ...(o.environment !== undefined ? { environment: o.environment } : {}) };
}
