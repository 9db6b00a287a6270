import type { Role } from '../db/database.ts';

/**
 * Who is reading, as far as text is concerned. Only a confidentiality officer who asks for it
 * (`include_confidential=true`) may read business-confidential text or the text of a quarantined
 * file; everyone else reads public and assumed-public, unquarantined files only.
 */
export interface Viewer {
  actor: string;
  role: Role;
  includeConfidential: boolean;
}

export const seesConfidential = (viewer: Viewer) =>
  viewer.role === 'confidentiality_officer' && viewer.includeConfidential;
