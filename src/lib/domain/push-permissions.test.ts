import { expect, it } from 'vitest';
import { mayReceivePushes } from './permissions';
import { membership, roles } from './roles';

it('anyone holding a role may turn on pushes for themselves; an account without one may not', () => {
	for (const role of roles) expect(mayReceivePushes({ userId: 'u', memberships: [membership(role, { communityId: 'c1' })] }), role).toBe(true);
	expect(mayReceivePushes({ userId: 'u', memberships: [] })).toBe(false);
});
