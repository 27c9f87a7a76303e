import { describe, expect, it } from 'vitest';
import type { StaffRole } from '$lib/generated/api/StaffRole';
import { canPublish, previewOnlyNotice, ROLE_LABELS } from './roles';

describe('studio roles', () => {
  it('let owners and admins publish, and no other role', () => {
    const publishers = (Object.keys(ROLE_LABELS) as StaffRole[]).filter(canPublish);
    expect(publishers.sort()).toEqual(['admin', 'owner']);
  });

  it('tell preview-only staff their role and who can publish', () => {
    const notice = previewOnlyNotice({ tenantId: 'prairie', tenantName: 'Prairie Sky Net', staffId: 'st_1', role: 'technician' });
    expect(notice).toContain('Prairie Sky Net');
    expect(notice).toContain('Technician');
    expect(notice).toMatch(/only an owner or admin can publish/i);
  });
});
