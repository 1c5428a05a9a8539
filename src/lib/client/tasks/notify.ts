/**
 * How the phone draws a liaison's attention to a new task or a reminder: a short beep, a
 * vibration, the app badge and a count in the document title. Each is best effort: browsers
 * allow sound and vibration only after the user has touched the page, and an alert must never
 * become an error.
 */

type AudioContextClass = typeof AudioContext;

/** Whether the user has interacted with the page (Chrome's user activation; else assume not). */
function userHasInteracted(): boolean {
	return (navigator as Navigator & { userActivation?: { hasBeenActive: boolean } }).userActivation?.hasBeenActive ?? false;
}

let audio: AudioContext | null = null;

function audioContext(): AudioContext | null {
	if (audio) return audio;
	const Context = (window.AudioContext ?? (window as Window & { webkitAudioContext?: AudioContextClass }).webkitAudioContext) as
		| AudioContextClass
		| undefined;
	if (!Context) return null;
	audio = new Context();
	return audio;
}

/** Two short tones (like a message arriving); silent before the first interaction. */
export async function beep(): Promise<void> {
	if (!userHasInteracted()) return;
	try {
		const context = audioContext();
		if (!context) return;
		if (context.state === 'suspended') await context.resume();
		const start = context.currentTime;
		for (const [offset, frequency] of [
			[0, 880],
			[0.18, 1175]
		] as const) {
			const oscillator = context.createOscillator();
			const gain = context.createGain();
			oscillator.type = 'sine';
			oscillator.frequency.value = frequency;
			gain.gain.setValueAtTime(0.0001, start + offset);
			gain.gain.exponentialRampToValueAtTime(0.25, start + offset + 0.02);
			gain.gain.exponentialRampToValueAtTime(0.0001, start + offset + 0.15);
			oscillator.connect(gain).connect(context.destination);
			oscillator.start(start + offset);
			oscillator.stop(start + offset + 0.16);
		}
	} catch {
		// No sound is no harm: the card and the badge still show the task.
	}
}

/** Chrome blocks (and logs) vibration before the first tap, so we only ask after one. */
export function vibrate(): void {
	if (!userHasInteracted() || typeof navigator.vibrate !== 'function') return;
	try {
		navigator.vibrate([120, 80, 120]);
	} catch {
		// Not allowed here (an iframe, a desktop): nothing to do.
	}
}

/** The installed app's icon badge, where the browser supports it. */
export function setAppBadge(count: number): void {
	const badging = navigator as Navigator & { setAppBadge?: (n?: number) => Promise<void>; clearAppBadge?: () => Promise<void> };
	try {
		const done = count > 0 ? badging.setAppBadge?.(count) : badging.clearAppBadge?.();
		// Rejected when the app is not installed or the permission is missing; the title still counts.
		done?.catch(() => {});
	} catch {
		// Same as above, thrown synchronously by some browsers.
	}
}

const prefixPattern = /^\(\d+\) /;

/** `(2) 网格通`: the count in front of whatever title the page sets; none for 0. */
export function titleWithCount(title: string, count: number): string {
	const bare = title.replace(prefixPattern, '');
	return count > 0 ? `(${count}) ${bare}` : bare;
}

/**
 * Keeps the count in front of the document title while pages change their titles; returns the
 * function that stops and takes the count away again.
 */
export function keepTitleCount(count: number): () => void {
	const apply = () => {
		const wanted = titleWithCount(document.title, count);
		if (document.title !== wanted) document.title = wanted;
	};
	apply();
	const observer = new MutationObserver(apply);
	observer.observe(document.head, { subtree: true, childList: true, characterData: true });
	return () => {
		observer.disconnect();
		document.title = titleWithCount(document.title, 0);
	};
}
