/**
 * Passages that answer no question however they are placed: salutations, thanks, offers to meet,
 * contact lines, notes about the filing itself (the public version, the marking), signatures.
 * They sit under the last answer's label or heading, so without this rule they would inherit it.
 * Phrases that also occur inside answers are matched only in their closing sense: "thanks to EXIM
 * financing" and "a single federal point of contact for licensing" are answers, not sign-offs.
 */

const OPENING =
  /^(?:dear\b|to whom it may concern|to the (?:honou?rable|international trade|department|office|u\.?s\.? department)|re:|subject:|submitted (?:via|by|electronically|to)|via (?:e-?mail|regulations\.gov)|on behalf of\b)/i;
const CLOSING =
  /\b(?:sincerely|respectfully(?: submitted)?|best regards|kind regards|yours (?:truly|faithfully)|thank(?:s(?! to\b)|ful)?\b|grateful for|appreciates? the opportunity|welcome the (?:chance|opportunity)|glad to (?:share|meet|discuss|provide|answer|brief)|happy to (?:share|discuss|meet|provide|answer|brief)|look(?:s)? forward to|please (?:contact|direct|reach|do not hesitate|find (?:below|attached|enclosed))|for further information|(?:our|my) point of contact|point of contact for (?:this|these|our|the) (?:submission|comments?|response|filing|matter)|contact us at)/i;
// Only notes about the filing itself: "we submit these comments because…" opens many real answers.
const FILING =
  /\b(?:public version|business confidential version|confidential version|non-?confidential version|marked each page|marked the confidential|have been (?:removed|redacted))\b/i;
const EMAIL = /\w@[\w-]+\.\w/;
const PHONE = /\(?\b\d{3}\)?[\s.-]\d{3}[\s.-]\d{4}\b/;

/** Cheap tests first: the e-mail pattern backtracks at every word when run over a long answer. */
function hasContact(text: string): boolean {
  if (text.includes('@') && EMAIL.test(text)) return true;
  if (text.includes('www.') || text.includes('http://') || text.includes('https://')) return true;
  return PHONE.test(text);
}

/** Runs of letters and digits (any non-ASCII character counts as a letter); a loop, since a global Unicode match measured as a top frame. */
export function wordsIn(text: string): number {
  let count = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const wordChar =
      (c >= 48 && c <= 57) ||
      (c >= 65 && c <= 90) ||
      (c >= 97 && c <= 122) ||
      (c > 127 && c !== 160 && !(c >= 0x2000 && c <= 0x206f));
    if (wordChar && !inWord) count++;
    inWord = wordChar;
  }
  return count;
}

export type BoilerplateKind = 'opening' | 'closing' | 'filing' | 'contact' | 'fragment';

/** Why a passage is boilerplate, or null when it may be an answer. */
export function boilerplateKind(text: string): BoilerplateKind | null {
  const words = wordsIn(text);
  // "[REDACTED]", a name and title, an address line: no sentence, nothing to answer with.
  if (words < 6) return 'fragment';
  if (words <= 15 && !/[.!?]/.test(text)) return 'fragment';
  if (OPENING.test(text) && words <= 120) return 'opening';
  if (words <= 60) {
    if (hasContact(text)) return 'contact';
    if (CLOSING.test(text)) return 'closing';
    if (FILING.test(text)) return 'filing';
  }
  return null;
}
