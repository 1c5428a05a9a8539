// A street of communities with a year of door-to-door marks, generated inside the database with
// generate_series (no rows cross the wire): per community 5 grids, 30 micro-grids with a liaison
// each, 40 buildings of 75 households (3,000), a weekly round per grid, and marks as the
// projection writes them: most households reached each week, some marked twice, a few cleared.
import { sql } from 'drizzle-orm';
import { db } from '../../src/lib/server/db';

export type StreetSize = { communities: number; weeks: number };
export type Seeded = { communityIds: string[]; households: number; marks: number; acks: number; now: number };

const pad = (n: number) => String(n).padStart(2, '0');

type Runner = { execute: (query: ReturnType<typeof sql.raw>) => Promise<unknown> };
let runner: Runner;

async function run(statement: string): Promise<void> {
	await runner.execute(sql.raw(statement));
}

async function count(table: string): Promise<number> {
	const result = await db().execute(sql.raw(`select count(*)::int as n from ${table}`));
	const rows = (Array.isArray(result) ? result : (result as unknown as { rows: { n: number }[] }).rows) as { n: number }[];
	return Number(rows[0].n);
}

/** Structure: street, communities, grids, micro-grids, buildings, households, people. */
async function seedStructure(size: StreetSize): Promise<void> {
	const communities = `generate_series(1, ${size.communities}) c, lpad(c::text, 2, '0') cc`;
	await run(`insert into streets (id, name) values ('bench-street', '基准街道')`);
	await run(`insert into communities (id, street_id, name) select 'c' || cc, 'bench-street', '社区' || cc from ${communities}`);
	await run(`insert into grids (id, community_id, name, sort_order) select 'c' || cc || '-g' || g, 'c' || cc, '第' || g || '网格', g from ${communities}, generate_series(1, 5) g`);
	await run(`insert into micro_grids (id, grid_id, community_id, name, sort_order)
		select 'c' || cc || '-g' || g || '-m' || m, 'c' || cc || '-g' || g, 'c' || cc, g || '-' || m || '微网格', m
		from ${communities}, generate_series(1, 5) g, generate_series(1, 6) m`);
	// Building b lies in micro-grid (b - 1) % 30: grid 1 + that / 6, micro-grid 1 + that % 6.
	await run(`insert into buildings (id, community_id, micro_grid_id, label, units, floors, rooms_per_floor)
		select 'c' || cc || '-b' || lpad(b::text, 2, '0'), 'c' || cc,
			'c' || cc || '-g' || (1 + ((b - 1) % 30) / 6) || '-m' || (1 + ((b - 1) % 30) % 6), b || '栋', 3, 5, 5
		from ${communities}, generate_series(1, 40) b`);
	await run(`insert into households (id, building_id, code, unit, floor, room)
		select b.id || '-' || u || '-' || f || r, b.id, u || '-' || (f * 100 + r), u, f, r
		from buildings b, generate_series(1, 3) u, generate_series(1, 5) f, generate_series(1, 5) r`);
	await run(`insert into users (id, username, display_name, password_hash, affiliation)
		select m.id || '-liaison', 'bench-' || m.id, '联络员' || m.name, 'x', 'resident_volunteer' from micro_grids m`);
	await run(`insert into memberships (id, user_id, role, community_id, micro_grid_id)
		select m.id || '-member', m.id || '-liaison', 'liaison', m.community_id, m.id from micro_grids m`);
	await run(`insert into users (id, username, display_name, password_hash, affiliation)
		select g.id || '-chief', 'bench-' || g.id, '网格长' || g.name, 'x', 'community_staff' from grids g`);
	await run(`insert into memberships (id, user_id, role, community_id, grid_id)
		select g.id || '-member', g.id || '-chief', 'chief', g.community_id, g.id from grids g`);
}

/** A round per grid and week, its acknowledgements, and the marks. */
async function seedHistory(size: StreetSize, now: string): Promise<void> {
	// Week w (0 = the oldest) starts this many days before now.
	const weekStart = (w: string) => `(${now}::timestamptz - ((${size.weeks} - ${w}) * 7) * interval '1 day')`;
	await run(`insert into tasks (id, community_id, title, kind, status, round, round_of, created_at, due_at, scope)
		select g.id || '-w' || lpad(w::text, 2, '0'), g.community_id, g.name || '每周排查', 'check', 'closed', w + 1,
			case when w = 0 then null else g.id || '-w00' end, ${weekStart('w')}, ${weekStart('w')} + interval '6 days',
			(select jsonb_agg(b.id) from buildings b join micro_grids m on m.id = b.micro_grid_id where m.grid_id = g.id)
		from grids g, generate_series(0, ${size.weeks - 1}) w`);
	await run(`insert into task_acks (task_id, community_id, user_id, acked_at)
		select t.id, t.community_id, m.id || '-liaison', t.created_at + random() * interval '20 hours'
		from tasks t join micro_grids m on m.grid_id = split_part(t.id, '-w', 1)
		where random() < 0.9`);
	// Most households are reached each week, recorded at some moment of that week, in time order.
	await run(`insert into progress_events (community_id, task_id, building_id, household_code, status, user_id, recorded_at, stored_at)
		select community_id, task_id, building_id, code, status, user_id, at, at + interval '2 seconds'
		from (
			select b.community_id, m.grid_id || '-w' || lpad(w::text, 2, '0') as task_id, h.building_id, h.code,
				(array['visited','visited','visited','visited','visited','absent','absent','refused','issue'])[1 + floor(random() * 9)::int] as status,
				m.id || '-liaison' as user_id, ${weekStart('w')} + random() * interval '6 days 20 hours' as at
			from households h join buildings b on b.id = h.building_id join micro_grids m on m.id = b.micro_grid_id,
				generate_series(0, ${size.weeks - 1}) w
			where random() < 0.8
		) marks
		order by at`);
	// A second look at some doors (a changed status), then a few marks taken back.
	await run(`insert into progress_events (community_id, task_id, building_id, household_code, status, user_id, recorded_at, stored_at)
		select community_id, task_id, building_id, household_code, 'visited', user_id, recorded_at + interval '3 hours', recorded_at + interval '3 hours'
		from progress_events where status <> 'visited' and random() < 0.3`);
	await run(`insert into progress_events (community_id, task_id, building_id, household_code, status, user_id, recorded_at, stored_at)
		select community_id, task_id, building_id, household_code, 'cleared', user_id, recorded_at + interval '5 hours', recorded_at + interval '5 hours'
		from progress_events where random() < 0.02`);
}

export async function seedStreet(size: StreetSize, now = Date.now()): Promise<Seeded> {
	// One transaction, so one connection: setseed makes random() repeat run after run.
	await db().transaction(async (tx) => {
		runner = tx;
		await run(`select setseed(0.16)`);
		await seedStructure(size);
		await seedHistory(size, `'${new Date(now).toISOString()}'`);
	});
	runner = db();
	// Fresh statistics, as autovacuum would gather after a bulk load (PGlite has none).
	await run('analyze');
	return {
		communityIds: Array.from({ length: size.communities }, (_, i) => `c${pad(i + 1)}`),
		households: await count('households'),
		marks: await count('progress_events'),
		acks: await count('task_acks'),
		now
	};
}
