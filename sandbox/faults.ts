// Deterministic fault injection: one PRNG draw per eligible request, in arrival order, so
// the same seed and the same request sequence give the same faults.
import type { FaultKind, FaultOptions } from './types';

/** mulberry32: tiny, fast, good enough for test noise. */
export function prng(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

export class FaultInjector {
	private random: () => number;
	private faults: FaultOptions | undefined;

	constructor(private readonly seed: number, faults?: FaultOptions) {
		this.random = prng(seed);
		this.faults = faults;
	}

	/** New faults restart the PRNG, so a test gets the same sequence whatever ran before. */
	set(faults: FaultOptions | undefined): void {
		this.faults = faults;
		this.random = prng(this.seed);
	}

	decide(method: string, path: string): FaultKind | undefined {
		const f = this.faults;
		if (!f) return undefined;
		if (f.onlyMethods && !f.onlyMethods.some((m) => m.toUpperCase() === method)) return undefined;
		if (f.onlyPath && !path.includes(f.onlyPath)) return undefined;
		const u = this.random();
		const bands: Array<[FaultKind, number]> = [
			['429', f.rate429 ?? 0],
			['500', (f.rate5xx ?? 0) / 2],
			['503', (f.rate5xx ?? 0) / 2],
			['drop', f.rateDrop ?? 0],
			['lostResponse', f.rateLostResponse ?? 0],
		];
		let edge = 0;
		for (const [kind, p] of bands) {
			edge += p;
			if (u < edge) return kind;
		}
		return undefined;
	}
}
