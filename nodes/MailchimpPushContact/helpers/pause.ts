import { sleep } from 'n8n-workflow';

/** How long synchronous work (reading items, building calls) may go on before I/O is let in. */
export const PAUSE_EVERY_MS = 3;

/**
 * Lets Node's I/O in now and then during long synchronous stretches: the answers waited for, and
 * the bytes of requests just made (a request leaves only when the code awaits real I/O). A pause
 * costs at least a millisecond (n8n-workflow's sleep), so it is taken only when PAUSE_EVERY_MS of
 * work have passed since the last one.
 */
export class Pauses {
	private last = Date.now();

	async take(): Promise<void> {
		if (Date.now() - this.last < PAUSE_EVERY_MS) return;
		await sleep(0);
		this.last = Date.now();
	}
}
