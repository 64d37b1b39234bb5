import {UsageError} from '../core/errors.js';
import {renderJson, renderPlainTable} from '../core/format-table.js';
import {PRICES_AS_OF, SHIPPED_PRICES} from '../prices/prices.js';
import {openSettings} from '../store/settings.js';
import {EXIT_OK, reportFatal} from './exit.js';

export interface PriceListing {
	spec: string;
	input_per_m: number;
	output_per_m: number;
	source: 'user' | 'openrouter' | 'shipped';
	/** When set or fetched; for shipped prices, the table's date. */
	updated_at: string;
}

export async function modelsPrice(spec: string, options: {input: string; output: string}, env: NodeJS.ProcessEnv = process.env): Promise<number> {
	try {
		const input = parsePrice(options.input, '--input');
		const output = parsePrice(options.output, '--output');
		const stored = await openSettings(env).setUserPrice(spec, {input_per_m: input, output_per_m: output});
		process.stdout.write(`${spec}: $${stored.input_per_m} per 1M input, $${stored.output_per_m} per 1M output (yours, ${stored.updated_at.slice(0, 10)})\n`);
		return EXIT_OK;
	} catch (error) {
		return reportFatal(error);
	}
}

/** Stored prices first (yours and OpenRouter's), then the shipped table's entries not overridden. */
export function priceListing(env: NodeJS.ProcessEnv = process.env): PriceListing[] {
	const stored = openSettings(env).prices();
	const rows: PriceListing[] = Object.entries(stored)
		.map(([spec, price]) => ({spec, input_per_m: price.input_per_m, output_per_m: price.output_per_m, source: price.source, updated_at: price.updated_at}))
		.sort((left, right) => (left.spec < right.spec ? -1 : left.spec > right.spec ? 1 : 0));
	for (const [spec, price] of Object.entries(SHIPPED_PRICES)) {
		if (Object.hasOwn(stored, spec)) continue;
		rows.push({spec, input_per_m: price.input_per_m, output_per_m: price.output_per_m, source: 'shipped', updated_at: PRICES_AS_OF});
	}
	return rows;
}

export function modelsPrices(options: {json?: boolean}, env: NodeJS.ProcessEnv = process.env): number {
	try {
		const rows = priceListing(env);
		if (options.json) {
			process.stdout.write(renderJson({prices_as_of: PRICES_AS_OF, prices: rows}));
			return EXIT_OK;
		}
		const table = renderPlainTable({
			headers: ['model', '$/1M in', '$/1M out', 'source', 'date'],
			align: ['left', 'right', 'right', 'left', 'left'],
			rows: rows.map(row => [row.spec, String(row.input_per_m), String(row.output_per_m), row.source, row.updated_at.slice(0, 10)]),
		});
		process.stdout.write(`${table}\n`);
		process.stdout.write(
			`Shipped prices are from ${PRICES_AS_OF} and prices change; set your own with \`arena models price SPEC --input X --output Y\`.\n`,
		);
		return EXIT_OK;
	} catch (error) {
		return reportFatal(error);
	}
}

function parsePrice(raw: string, flag: string): number {
	const value = Number(raw);
	if (raw.trim() === '' || !Number.isFinite(value) || value < 0) {
		throw new UsageError(`${flag} must be a price in USD per 1M tokens (0 or more), got "${raw}"`);
	}
	return value;
}
