// Minimal ustar + gzip writer, so /batches results come as the tar.gz of JSON files that
// Mailchimp serves at response_body_url (no dependency needed for a few regular files).
import { gunzipSync, gzipSync } from 'zlib';

function header(name: string, size: number, mtime: number): Buffer {
	const h = Buffer.alloc(512);
	const put = (value: string, offset: number, length: number) => h.write(value, offset, length, 'ascii');
	const octal = (n: number, length: number) => n.toString(8).padStart(length - 1, '0') + '\0';
	put(name, 0, 100);
	put(octal(0o644, 8), 100, 8);
	put(octal(0, 8), 108, 8);
	put(octal(0, 8), 116, 8);
	put(octal(size, 12), 124, 12);
	put(octal(mtime, 12), 136, 12);
	put('        ', 148, 8); // checksum is computed with spaces in its own field
	put('0', 156, 1);
	put('ustar\0', 257, 6);
	put('00', 263, 2);
	let sum = 0;
	for (const byte of h) sum += byte;
	put(sum.toString(8).padStart(6, '0') + '\0 ', 148, 8);
	return h;
}

export function tarGz(files: Array<{ name: string; content: string }>, mtime = Math.floor(Date.now() / 1000)): Buffer {
	const parts: Buffer[] = [];
	for (const f of files) {
		const data = Buffer.from(f.content, 'utf8');
		parts.push(header(f.name, data.length, mtime), data, Buffer.alloc((512 - (data.length % 512)) % 512));
	}
	parts.push(Buffer.alloc(1024)); // two zero blocks end the archive
	return gzipSync(Buffer.concat(parts));
}

/** Reader for tests: file name → content. */
export function untarGz(gz: Buffer): Record<string, string> {
	const tar = gunzipSync(gz);
	const out: Record<string, string> = {};
	for (let off = 0; off + 512 <= tar.length; ) {
		const name = tar.toString('ascii', off, off + 100).replace(/\0.*$/s, '');
		if (!name) break;
		const size = parseInt(tar.toString('ascii', off + 124, off + 136).replace(/\0.*$/s, ''), 8);
		out[name] = tar.toString('utf8', off + 512, off + 512 + size);
		off += 512 + Math.ceil(size / 512) * 512;
	}
	return out;
}
