/**
 * The signed-in staff member, kept in session storage: it lasts while the tab is open and is forgotten
 * when it closes, so a token pasted on a shared computer does not stay behind.
 */
export type Role = 'analyst' | 'confidentiality_officer' | 'admin';

export interface StaffSession {
  token: string;
  role: Role;
  name: string;
}

const KEY = 'docket.staff-session';

export const ROLE_LABEL: Record<Role, string> = {
  analyst: 'Analyst',
  confidentiality_officer: 'Confidentiality officer',
  admin: 'Administrator',
};

export function readSession(): StaffSession | null {
  try {
    const raw = sessionStorage.getItem(KEY);
    if (!raw) return null;
    const parsed = JSON.parse(raw) as Partial<StaffSession>;
    if (typeof parsed.token !== 'string' || !parsed.role || !(parsed.role in ROLE_LABEL)) return null;
    return { token: parsed.token, role: parsed.role, name: String(parsed.name ?? '') };
  } catch {
    return null;
  }
}

export function saveSession(session: StaffSession): void {
  sessionStorage.setItem(KEY, JSON.stringify(session));
}

export function clearSession(): void {
  sessionStorage.removeItem(KEY);
}

/** Analysts read answers; officers read everything analysts do. */
export const canReadAnswers = (role: Role | undefined) =>
  role === 'analyst' || role === 'confidentiality_officer';
export const canAudit = (role: Role | undefined) => role === 'confidentiality_officer';
