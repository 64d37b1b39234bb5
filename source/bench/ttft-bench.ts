/**
 * P3: how far arena's TTFT is from the server's true TTFT. The demo servers
 * run in this process, so the client's `ttft_ms` and the server's
 * `firstTokenAt - receivedAt` are read off the same performance.now() clock.
 *
 * Each of the 4 parallel streams goes to its own server, so every server sees
 * exactly one request per round and requests match up without guessing.
 *
 * The same rounds are run with the plain SDK too, interleaved: its difference is
 * what loopback HTTP and the SDK cost anyway, the floor arena cannot go under.
 */
import {performance} from 'node:perf_hooks';
import {ArenaRun} from '../core/engine.js';
import type {RunTarget} from '../core/types.js';
import {type DemoServer, startDemoServer} from '../demo/server.js';
import {medianOf, percentileOf, settleBetweenRuns} from './measure.js';
import {plainTimeToFirstToken} from './plain-loop.js';

/** TTFT at speed 4: swift ~37 ms, steady ~112 ms, thinker ~175 ms (its first token is reasoning). */
const DEMO_SPEED = 4;
const MODELS = ['swift', 'steady', 'thinker', 'swift'] as const;
/** Only the first token matters; a short answer keeps rounds quick. */
const MAX_TOKENS = 16;
const PROMPT = 'Explain in two sentences why tests should be fast.';

export interface TtftDifferenceSummary {
	samples: number;
	/** client TTFT − server TTFT, in ms. */
	medianMs: number;
	p90Ms: number;
	p99Ms: number;
	maxMs: number;
	minMs: number;
}

/**
 * The difference split at the server: the request leg (client's "just before
 * the request" to the server's arrival stamp: client set-up, HTTP, the
 * server's header parsing) and the response leg (server writes the first
 * token to the client stamping it: socket read, SSE and JSON parsing).
 */
export interface TtftLegs {
	requestLegMedianMs: number;
	requestLegP99Ms: number;
	responseLegMedianMs: number;
	responseLegP99Ms: number;
}

export interface TtftBenchResult {
	rounds: number;
	streamsPerRound: number;
	warmupRounds: number;
	demoSpeed: number;
	models: readonly string[];
	/** Median of the servers' true TTFT, for scale. */
	serverTtftMedianMs: number;
	arena: TtftDifferenceSummary & TtftLegs;
	plainSdk: TtftDifferenceSummary & TtftLegs;
	/** Every arena difference, in round order (4 per round). */
	arenaDifferencesMs: number[];
}

function summarize(differences: readonly number[]): TtftDifferenceSummary {
	return {
		samples: differences.length,
		medianMs: medianOf(differences),
		p90Ms: percentileOf(differences, 90),
		p99Ms: percentileOf(differences, 99),
		maxMs: Math.max(...differences),
		minMs: Math.min(...differences),
	};
}

interface Sample {
	requestAt: number;
	firstTokenAt: number;
	serverReceivedAt: number;
	serverFirstTokenAt: number;
}

function difference(sample: Sample): number {
	return sample.firstTokenAt - sample.requestAt - (sample.serverFirstTokenAt - sample.serverReceivedAt);
}

function summarizeSamples(samples: readonly Sample[]): TtftDifferenceSummary & TtftLegs {
	const requestLegs = samples.map(sample => sample.serverReceivedAt - sample.requestAt);
	const responseLegs = samples.map(sample => sample.firstTokenAt - sample.serverFirstTokenAt);
	return {
		...summarize(samples.map(difference)),
		requestLegMedianMs: medianOf(requestLegs),
		requestLegP99Ms: percentileOf(requestLegs, 99),
		responseLegMedianMs: medianOf(responseLegs),
		responseLegP99Ms: percentileOf(responseLegs, 99),
	};
}

function serverSide(server: DemoServer, requestIndex: number): {serverReceivedAt: number; serverFirstTokenAt: number} {
	const stat = server.stats[requestIndex];
	if (!stat || stat.firstTokenAt === null) throw new Error(`demo server has no first token for request ${requestIndex}`);
	return {serverReceivedAt: stat.receivedAt, serverFirstTokenAt: stat.firstTokenAt};
}

export async function benchTtft(options: {rounds: number; warmupRounds: number}): Promise<TtftBenchResult> {
	const servers = await Promise.all(MODELS.map((_, index) => startDemoServer({speed: DEMO_SPEED, seed: 1000 + index})));
	try {
		const targets: RunTarget[] = MODELS.map((model, index) => ({
			spec: `bench${index}:${model}`,
			provider: `bench${index}`,
			model,
			endpoint: {name: `bench${index}`, baseURL: servers[index]!.baseURL},
		}));
		const arenaSamples: Sample[] = [];
		const plainSamples: Sample[] = [];

		const arenaRound = async (record: boolean) => {
			const firstRequest = servers.map(server => server.stats.length);
			const run = new ArenaRun(targets, {
				messages: [{role: 'user', content: PROMPT}],
				maxTokens: MAX_TOKENS,
				idleTimeoutMs: 60_000,
				maxRetries: 2,
			});
			// The engine's own stamps: ttft_ms is (first token event).at − (refined request event).at.
			const requestAt: Array<number | null> = MODELS.map(() => null);
			const firstTokenAt: Array<number | null> = MODELS.map(() => null);
			run.subscribe(engineEvent => {
				if (engineEvent.type !== 'stream') return;
				const {index, event} = engineEvent;
				// The first attempt's refined stamp (when the request reached the network) is what TTFT counts from.
				if (event.type === 'request' && (requestAt[index] === null || event.refined === true)) requestAt[index] = event.at;
				else if (event.type === 'content' || event.type === 'reasoning') firstTokenAt[index] ??= event.at;
			});
			const results = await run.start();
			for (const [index, result] of results.entries()) {
				if (result.error || result.ttft_ms === null) throw new Error(`P3: ${result.spec} failed: ${result.error?.message ?? 'no TTFT'}`);
				if (servers[index]!.stats.length !== firstRequest[index]! + 1) throw new Error('P3: a server saw more than one request in a round');
				const sample = {requestAt: requestAt[index]!, firstTokenAt: firstTokenAt[index]!, ...serverSide(servers[index]!, firstRequest[index]!)};
				// Guards the stamps read here against drifting from what arena reports (rounded to 0.1 ms).
				if (Math.abs(sample.firstTokenAt - sample.requestAt - result.ttft_ms) > 0.051) {
					throw new Error(`P3: engine stamps give ${sample.firstTokenAt - sample.requestAt} ms, arena reported ${result.ttft_ms} ms`);
				}
				if (record) arenaSamples.push(sample);
			}
		};

		const plainRound = async (record: boolean) => {
			const firstRequest = servers.map(server => server.stats.length);
			const timings = await Promise.all(
				MODELS.map((model, index) => plainTimeToFirstToken(servers[index]!.baseURL, model, PROMPT, MAX_TOKENS)),
			);
			for (const [index, timing] of timings.entries()) {
				if (timing.firstTokenAt === null) throw new Error(`P3: plain SDK stream to ${MODELS[index]} had no token`);
				const sample = {requestAt: timing.requestAt, firstTokenAt: timing.firstTokenAt, ...serverSide(servers[index]!, firstRequest[index]!)};
				if (record) plainSamples.push(sample);
			}
		};

		for (let round = 0; round < options.warmupRounds + options.rounds; round++) {
			const record = round >= options.warmupRounds;
			const order = round % 2 === 0 ? [arenaRound, plainRound] : [plainRound, arenaRound];
			for (const variant of order) {
				await settleBetweenRuns();
				await variant(record);
			}
		}

		return {
			rounds: options.rounds,
			streamsPerRound: MODELS.length,
			warmupRounds: options.warmupRounds,
			demoSpeed: DEMO_SPEED,
			models: MODELS,
			serverTtftMedianMs: medianOf(arenaSamples.map(sample => sample.serverFirstTokenAt - sample.serverReceivedAt)),
			arena: summarizeSamples(arenaSamples),
			plainSdk: summarizeSamples(plainSamples),
			arenaDifferencesMs: arenaSamples.map(difference),
		};
	} finally {
		await Promise.all(servers.map(server => server.close()));
	}
}
