/**
 * Days of the demo history on the community's wall clock (Asia/Shanghai). The history is laid
 * out relative to the start of the day the demo is first seeded, so it always ends the evening
 * before: "yesterday" is the last day anything happened.
 */
import { addDays, epochOf, wallTime } from '../../domain/due-times';
import { communityZone } from '../../domain/matter-deadlines';

const dayMs = 24 * 3_600_000;

export class DemoCalendar {
	/** 00:00 of the seeding day. */
	readonly today: number;

	constructor(now: number) {
		const wall = wallTime(now, communityZone);
		this.today = epochOf({ ...wall, hour: 0, minute: 0 }, communityZone);
	}

	/** `hour:minute` on the day `daysAgo` days before today (fractional hours allowed). */
	at(daysAgo: number, hour: number, minute = 0): number {
		const wall = addDays(wallTime(this.today, communityZone), -daysAgo);
		return epochOf({ ...wall, hour: 0, minute: 0 }, communityZone) + Math.round((hour * 60 + minute) * 60_000);
	}

	/** Days before today of the day a moment falls on (1 for yesterday). */
	daysAgoOf(epoch: number): number {
		return Math.ceil((this.today - epoch) / dayMs - 1e-9) || 0;
	}

	/** A moment moved out of the night: between 23:00 and 07:00 it becomes the next morning, 07:00 plus `minutes`. */
	awake(epoch: number, minutes: number): number {
		const { hour } = wallTime(epoch, communityZone);
		if (hour >= 7 && hour < 23) return epoch;
		const day = this.daysAgoOf(epoch) - (hour >= 23 ? 1 : 0);
		return this.at(day, 7, minutes);
	}

	/** 0 = Sunday … 6 = Saturday, of the day `daysAgo` days before today. */
	weekday(daysAgo: number): number {
		const wall = addDays(wallTime(this.today, communityZone), -daysAgo);
		return new Date(Date.UTC(wall.year, wall.month - 1, wall.day)).getUTCDay();
	}

	isWeekend(daysAgo: number): boolean {
		const day = this.weekday(daysAgo);
		return day === 0 || day === 6;
	}

	/** Days-ago of every Monday in the last `days` days, oldest first. */
	mondays(days: number): number[] {
		const found: number[] = [];
		for (let daysAgo = days; daysAgo >= 1; daysAgo--) if (this.weekday(daysAgo) === 1) found.push(daysAgo);
		return found;
	}
}
