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
 * Every PostgreSQL process visible on this machine (postmaster, backends, WAL writer…).
 * Our server hands part of its work to them, so their CPU belongs next to its own.
 */
export function postgresPids(): number[] {
	const pids: number[] = [];
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === 'postgres') pids.push(Number(entry));
		} catch {
			// the process ended while we looked
		}
	}
	return pids;
}

/** CPU seconds of several processes together. */
export function totalCpuSeconds(pids: number[]): number {
	return pids.reduce((sum, pid) => sum + cpuSeconds(pid), 0);
}

/** CPU seconds the whole machine has been busy (all cores, including time stolen by a hypervisor). */
export function machineBusySeconds(): number {
	const line = readFileSync('/proc/stat', 'utf8').split('\n')[0];
	const [user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
	return (user + nice + system + irq + softirq + (steal || 0)) / ticksPerSecond;
}
