// `node --import tsx bench/idle/heap-diff.ts <before.heapsnapshot> <after.heapsnapshot> <clients added>`:
// what the clients added between two heap snapshots of `--snapshots` hold, by kind of object:
// count and bytes per connection, largest first. Self sizes only (no retained sizes).
import { readFileSync } from 'node:fs';

type Snapshot = {
	snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
	nodes: number[];
	strings: string[];
};

type Tally = Map<string, { count: number; bytes: number }>;

function tally(file: string): Tally {
	const data = JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
	const fields = data.snapshot.meta.node_fields;
	const types = data.snapshot.meta.node_types[0];
	const [typeAt, nameAt, sizeAt] = ['type', 'name', 'self_size'].map((field) => fields.indexOf(field));
	const byKind: Tally = new Map();
	for (let i = 0; i < data.nodes.length; i += fields.length) {
		const type = types[data.nodes[i + typeAt]];
		// Strings and code are named by their content; group them by type alone.
		const named = type === 'object' || type === 'closure' || type === 'native' || type === 'hidden';
		const name = named ? `${type} ${data.strings[data.nodes[i + nameAt]].slice(0, 60)}` : type;
		const entry = byKind.get(name) ?? { count: 0, bytes: 0 };
		entry.count++;
		entry.bytes += data.nodes[i + sizeAt];
		byKind.set(name, entry);
	}
	return byKind;
}

const [beforeFile, afterFile, addedRaw, topRaw] = process.argv.slice(2);
const added = Number(addedRaw);
if (!beforeFile || !afterFile || !(added > 0)) {
	console.error('Usage: node --import tsx bench/idle/heap-diff.ts <before.heapsnapshot> <after.heapsnapshot> <clients added> [rows]');
	process.exit(2);
}
const before = tally(beforeFile);
const after = tally(afterFile);
const rows = [...after]
	.map(([name, { count, bytes }]) => {
		const was = before.get(name) ?? { count: 0, bytes: 0 };
		return { name, count: (count - was.count) / added, bytes: (bytes - was.bytes) / added };
	})
	.sort((a, b) => b.bytes - a.bytes);
const total = rows.reduce((sum, row) => sum + row.bytes, 0);
console.log(`Self size per added connection: ${(total / 1024).toFixed(2)} KB in all\n`);
console.log('| bytes/conn | objects/conn | kind |\n|---:|---:|---|');
for (const row of rows.slice(0, Number(topRaw) || 40)) {
	console.log(`| ${row.bytes.toFixed(0)} | ${row.count.toFixed(2)} | ${row.name.replaceAll('|', '\\|')} |`);
}
