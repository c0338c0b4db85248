/** "vip, webinar,,lead " → ['vip', 'webinar', 'lead'], duplicates (case-insensitive) dropped. */
export function parseTags(value: unknown): string[] {
	const raw = Array.isArray(value) ? value.map(String) : String(value ?? '').split(',');
	const seen = new Set<string>();
	const tags: string[] = [];
	for (const tag of raw.map((t) => t.trim()).filter(Boolean)) {
		if (!seen.has(tag.toLowerCase())) {
			seen.add(tag.toLowerCase());
			tags.push(tag);
		}
	}
	return tags;
}
