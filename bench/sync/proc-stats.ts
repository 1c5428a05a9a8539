import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

function clockTicksPerSecond(): number {
	try {
		return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
	} catch {
		return 100;
	}
}

const ticksPerSecond = clockTicksPerSecond();

/** User + system CPU seconds a process has used so far, or 0 once it is gone. */
export function cpuSeconds(pid: number): number {
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		// The command name may contain spaces; fields after it are fixed (utime is field 14).
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
	} catch {
		return 0;
	}
}

/** Resident set size in bytes, or 0 once the process is gone. */
export function rssBytes(pid: number): number {
	try {
		const status = readFileSync(`/proc/${pid}/status`, 'utf8');
		const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
		return match ? Number(match[1]) * 1024 : 0;
	} catch {
		return 0;
	}
}

/**
 * Proportional set size in bytes (shared pages divided among the processes that map them), or 0.
 * For PostgreSQL backends, whose RSS counts the shared buffers each has touched.
 */
export function pssBytes(pid: number): number {
	try {
		const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
		const match = /^Pss:\s+(\d+)\s+kB/m.exec(rollup);
		return match ? Number(match[1]) * 1024 : 0;
	} catch {
		return 0;
	}
}

function postgresTitles(): { pid: number; title: string }[] {
	const found: { pid: number; title: string }[] = [];
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() !== 'postgres') continue;
			found.push({ pid: Number(entry), title: readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ') });
		} catch {
			// the process ended while we looked
		}
	}
	return found;
}

/** The backends serving one database: PostgreSQL names the database in their process title. */
export function postgresBackendsOf(database: string): number[] {
	return postgresTitles()
		.filter(({ title }) => title.includes(` ${database} `))
		.map(({ pid }) => pid);
}

/**
 * Backends of one database plus the shared WAL writer, background writer and checkpointer:
 * the PostgreSQL work our server causes, which belongs next to its own CPU.
 */
export function postgresPidsFor(database: string): number[] {
	const helpers = /: (walwriter|background writer|checkpointer)/;
	return postgresTitles()
		.filter(({ title }) => title.includes(` ${database} `) || helpers.test(title))
		.map(({ pid }) => pid);
}

/** CPU seconds the whole machine has been busy (all cores, including time stolen by a hypervisor). */
export function machineBusySeconds(): number {
	const line = readFileSync('/proc/stat', 'utf8').split('\n')[0];
	const [user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
	return (user + nice + system + irq + softirq + (steal || 0)) / ticksPerSecond;
}

/** The local redis-server's pid, or null when Redis runs elsewhere (or under another name). */
export function redisServerPid(): number | null {
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === 'redis-server') return Number(entry);
		} catch {
			// the process ended while we looked
		}
	}
	return null;
}
