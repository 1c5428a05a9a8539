import { describe, expect, it } from 'vitest';
import { demoEnabled, demoOnPublicOrigin } from './startup';

describe('demoEnabled', () => {
	it('seeds by default and on plain http, not with DEMO=0', () => {
		expect(demoEnabled({})).toBe(true);
		expect(demoEnabled({ DEMO: '1', ORIGIN: 'http://localhost:3000' })).toBe(true);
		expect(demoEnabled({ DEMO: '0', ORIGIN: 'https://grid.example.org' })).toBe(false);
	});

	it('refuses the demo accounts on an https ORIGIN unless told DEMO=force, saying what to set', () => {
		expect(() => demoEnabled({ ORIGIN: 'https://grid.example.org' })).toThrow(demoOnPublicOrigin);
		expect(() => demoEnabled({ DEMO: '1', ORIGIN: 'HTTPS://grid.example.org' })).toThrow(/DEMO=0.*DEMO=force/);
		expect(demoEnabled({ DEMO: 'force', ORIGIN: 'https://grid.example.org' })).toBe(true);
	});
});
