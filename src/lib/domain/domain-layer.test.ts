import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** `src/lib/domain/` is pure (ARCHITECTURE.md): no database, no server code, no I/O modules. */
describe('the domain layer', () => {
	it('imports nothing of the server, the database, the client or node I/O', () => {
		const dir = join(process.cwd(), 'src/lib/domain');
		const offenders = readdirSync(dir)
			.filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'))
			.flatMap((name) => {
				const imports = [...readFileSync(join(dir, name), 'utf8').matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+['"]([^'"]+)['"]/gm)].map((match) => match[1]);
				return imports.filter((path) => /(^|\/)(server|client|components)(\/|$)|^\$lib\/(server|client)|^\$app\/|^node:|drizzle|postgres|pglite|ioredis/.test(path)).map((path) => `${name} → ${path}`);
			});
		expect(offenders).toEqual([]);
	});
});
