/**
 * The least an MCP client needs to talk to n8n's MCP Server Trigger (v2) over Streamable HTTP:
 * JSON-RPC POSTs to one URL, the session in the `mcp-session-id` header, answers as JSON or as a
 * short SSE stream (the MCP SDK's default). No dependency: the tests stay close to the wire.
 */

/** The protocol version this client speaks (one the MCP SDK in n8n 2.40 accepts). */
export const MCP_PROTOCOL_VERSION = '2025-06-18';

export interface McpTool {
	name: string;
	description?: string;
	inputSchema: {
		type: 'object';
		properties?: Record<string, { type?: string | string[]; description?: string; anyOf?: unknown[] }>;
		required?: string[];
		[k: string]: unknown;
	};
}

export interface McpToolResult {
	content: Array<{ type: string; text?: string }>;
	isError?: boolean;
}

export class McpError extends Error {
	constructor(
		message: string,
		readonly status?: number,
		readonly body?: string,
	) {
		super(message);
	}
}

export class McpClient {
	private sessionId = '';
	private nextId = 1;
	serverInfo: { name?: string; version?: string } = {};

	constructor(readonly url: string) {}

	/** initialize + notifications/initialized: opens the session. */
	async connect(): Promise<void> {
		const result = await this.request<{ serverInfo: { name: string; version: string }; protocolVersion: string }>('initialize', {
			protocolVersion: MCP_PROTOCOL_VERSION,
			capabilities: {},
			clientInfo: { name: 'n8n-nodes-mailchimp-push-e2e', version: '0.0.0' },
		});
		this.serverInfo = result.serverInfo;
		if (!this.sessionId) throw new McpError('initialize answered without an mcp-session-id header');
		await this.notify('notifications/initialized');
	}

	async listTools(): Promise<McpTool[]> {
		const { tools } = await this.request<{ tools: McpTool[] }>('tools/list', {});
		return tools;
	}

	async callTool(name: string, args: Record<string, unknown>): Promise<McpToolResult> {
		return this.request<McpToolResult>('tools/call', { name, arguments: args });
	}

	/** DELETE on the session, as a client leaving says goodbye. */
	async close(): Promise<void> {
		if (!this.sessionId) return;
		await fetch(this.url, { method: 'DELETE', headers: this.headers() }).catch(() => undefined);
		this.sessionId = '';
	}

	private headers(): Record<string, string> {
		const h: Record<string, string> = {
			'content-type': 'application/json',
			accept: 'application/json, text/event-stream',
		};
		if (this.sessionId) {
			h['mcp-session-id'] = this.sessionId;
			h['mcp-protocol-version'] = MCP_PROTOCOL_VERSION;
		}
		return h;
	}

	private async notify(method: string, params?: unknown): Promise<void> {
		const r = await fetch(this.url, { method: 'POST', headers: this.headers(), body: JSON.stringify({ jsonrpc: '2.0', method, params }) });
		await r.text();
		if (r.status >= 300) throw new McpError(`${method}: HTTP ${r.status}`, r.status);
	}

	async request<T>(method: string, params: unknown): Promise<T> {
		const id = this.nextId++;
		const r = await fetch(this.url, { method: 'POST', headers: this.headers(), body: JSON.stringify({ jsonrpc: '2.0', id, method, params }) });
		const sid = r.headers.get('mcp-session-id');
		if (sid) this.sessionId = sid;
		const body = await r.text();
		if (r.status >= 300) throw new McpError(`${method}: HTTP ${r.status} ${body.slice(0, 300)}`, r.status, body);
		const message = answerTo(id, r.headers.get('content-type') ?? '', body);
		if (!message) throw new McpError(`${method}: no JSON-RPC answer with id ${id} in ${body.slice(0, 300)}`, r.status, body);
		if (message.error) throw new McpError(`${method}: JSON-RPC error ${message.error.code} ${message.error.message}`, r.status, body);
		return message.result as T;
	}
}

interface JsonRpcMessage {
	id?: number | string;
	result?: unknown;
	error?: { code: number; message: string };
}

/** The answer to request `id`: the JSON body, or the SSE `data:` message that carries it. */
function answerTo(id: number, contentType: string, body: string): JsonRpcMessage | undefined {
	const messages: JsonRpcMessage[] = [];
	if (contentType.includes('text/event-stream')) {
		// Events are separated by a blank line; an event's data may span several `data:` lines.
		for (const event of body.split(/\r?\n\r?\n/)) {
			const data = event
				.split(/\r?\n/)
				.filter((l) => l.startsWith('data:'))
				.map((l) => l.slice(5).replace(/^ /, ''))
				.join('\n');
			if (data) messages.push(JSON.parse(data));
		}
	} else if (body) {
		const parsed = JSON.parse(body);
		messages.push(...(Array.isArray(parsed) ? parsed : [parsed]));
	}
	return messages.find((m) => m.id === id);
}

/** A tool's answer as n8n sends it: one text block holding the tool's output as JSON (or an error's text). */
export function toolOutput(result: McpToolResult): any {
	const text = result.content.map((c) => c.text ?? '').join('');
	try {
		return JSON.parse(text);
	} catch {
		return text;
	}
}
