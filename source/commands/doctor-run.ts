import {UsageError} from '../core/errors.js';
import {renderPlainTable} from '../core/format-table.js';
import {parseModelSpec} from '../core/spec.js';
import {resolveApiKey} from '../providers/api-key.js';
import {listModels} from '../providers/models-endpoint.js';
import {streamChat} from '../providers/openai-stream.js';
import type {ProviderEndpoint, StreamEvent, StreamRequest} from '../providers/types.js';
import {openSettings} from '../store/settings.js';
import {EXIT_FAILED, EXIT_OK, reportFatal} from './exit.js';

export type CheckStatus = 'pass' | 'fail' | 'skip';

export interface Check {
	status: CheckStatus;
	/** Short and safe to print: variable names and counts, never a key. */
	detail: string;
}

export interface ProviderDiagnosis {
	provider: string;
	key: Check;
	endpoint: Check;
	models: Check;
	completion: Check;
	/** Time to the first token of the test answer, when it came. */
	ttftMs: number | null;
	passed: boolean;
}

export const DOCTOR_PROMPT = 'Say OK';
export const DOCTOR_MAX_TOKENS = 8;

export interface DiagnoseOptions {
	/** The model for the test answer; the first listed one otherwise. */
	model?: string;
	timeoutMs: number;
	env?: NodeJS.ProcessEnv;
	stream?: (request: StreamRequest) => AsyncIterable<StreamEvent>;
}

export async function diagnoseProvider(endpoint: ProviderEndpoint, options: DiagnoseOptions): Promise<ProviderDiagnosis> {
	const env = options.env ?? process.env;
	const skipped: Check = {status: 'skip', detail: 'skipped'};
	const diagnosis: ProviderDiagnosis = {
		provider: endpoint.name,
		key: skipped,
		endpoint: skipped,
		models: skipped,
		completion: skipped,
		ttftMs: null,
		passed: false,
	};

	try {
		const key = resolveApiKey(endpoint, env);
		if (key.source === 'missing') {
			diagnosis.key = {status: 'fail', detail: `$${key.variable} not set`};
			return diagnosis;
		}
		diagnosis.key =
			key.source === 'environment'
				? {status: 'pass', detail: `$${endpoint.apiKeyEnv} set`}
				: key.source === 'stored'
					? {status: 'pass', detail: 'stored key'}
					: {status: 'pass', detail: 'none needed'};
	} catch (error) {
		diagnosis.key = {status: 'fail', detail: (error as Error).message.split('\n')[0] ?? 'unreadable'};
		return diagnosis;
	}

	const listing = await listModels(endpoint, {timeoutMs: options.timeoutMs, env});
	if (listing.ok) {
		diagnosis.endpoint = {status: 'pass', detail: `reachable (${Math.round(listing.elapsedMs)} ms)`};
		diagnosis.models =
			listing.models.length > 0 || options.model
				? {status: 'pass', detail: `${listing.models.length} listed`}
				: {status: 'fail', detail: 'none listed'};
	} else {
		diagnosis.endpoint = listing.reachable ? {status: 'pass', detail: 'reachable'} : {status: 'fail', detail: listing.error};
		diagnosis.models = listing.reachable ? {status: 'fail', detail: listing.error} : skipped;
	}

	const model = options.model ?? (listing.ok ? listing.models[0] : undefined);
	if (model === undefined || diagnosis.endpoint.status === 'fail') {
		diagnosis.completion = {status: 'skip', detail: 'no model to try'};
		return finish(diagnosis);
	}
	const answer = await tryCompletion(endpoint, model, options);
	diagnosis.completion = answer.check;
	diagnosis.ttftMs = answer.ttftMs;
	return finish(diagnosis);
}

function finish(diagnosis: ProviderDiagnosis): ProviderDiagnosis {
	const checks = [diagnosis.key, diagnosis.endpoint, diagnosis.models, diagnosis.completion];
	// The answer is what a run needs; without it nothing else matters.
	diagnosis.passed = diagnosis.completion.status === 'pass' && checks.every(check => check.status !== 'fail');
	return diagnosis;
}

async function tryCompletion(
	endpoint: ProviderEndpoint,
	model: string,
	options: DiagnoseOptions,
): Promise<{check: Check; ttftMs: number | null}> {
	const controller = new AbortController();
	const deadline = setTimeout(() => controller.abort(), options.timeoutMs);
	const stream = options.stream ?? streamChat;
	let requestAt: number | undefined;
	let ttftMs: number | null = null;
	try {
		for await (const event of stream({
			endpoint,
			model,
			messages: [{role: 'user', content: DOCTOR_PROMPT}],
			maxTokens: DOCTOR_MAX_TOKENS,
			signal: controller.signal,
			idleTimeoutMs: options.timeoutMs,
			maxRetries: 0,
		})) {
			if (event.type === 'request') requestAt = event.at;
			else if ((event.type === 'content' || event.type === 'reasoning') && ttftMs === null && requestAt !== undefined) {
				ttftMs = event.at - requestAt;
			} else if (event.type === 'error') {
				const message = controller.signal.aborted ? `no answer within ${options.timeoutMs / 1000} s` : event.message;
				return {check: {status: 'fail', detail: `${model}: ${message}`}, ttftMs};
			} else if (event.type === 'end') {
				if (ttftMs === null) return {check: {status: 'fail', detail: `${model}: answered with no tokens`}, ttftMs};
				return {check: {status: 'pass', detail: `${model}: TTFT ${Math.round(ttftMs)} ms`}, ttftMs};
			}
		}
		return {check: {status: 'fail', detail: `${model}: the stream stopped without an end`}, ttftMs};
	} finally {
		clearTimeout(deadline);
	}
}

export function renderDiagnosisTable(diagnoses: readonly ProviderDiagnosis[]): string {
	const cell = (check: Check) => (check.status === 'skip' ? '-' : `${check.status === 'pass' ? 'ok' : 'FAIL'} ${check.detail}`);
	return renderPlainTable({
		headers: ['PROVIDER', 'KEY', 'ENDPOINT', 'MODELS', 'ANSWER', 'RESULT'],
		rows: diagnoses.map(diagnosis => [
			diagnosis.provider,
			cell(diagnosis.key),
			cell(diagnosis.endpoint),
			cell(diagnosis.models),
			cell(diagnosis.completion),
			diagnosis.passed ? 'PASS' : 'FAIL',
		]),
	});
}

export async function doctorCommand(provider: string | undefined, options: {model?: string[]; timeout?: string}): Promise<number> {
	try {
		const timeoutSeconds = Number(options.timeout ?? '10');
		if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0) {
			throw new UsageError(`--timeout must be a positive number of seconds, got "${options.timeout}"`);
		}
		const settings = openSettings();
		const names = Object.keys(settings.providers());
		if (provider !== undefined && !names.includes(provider)) {
			throw new UsageError(`no provider named "${provider}"${names.length > 0 ? ` (configured: ${names.join(', ')})` : ''}`);
		}
		const chosenModels = new Map<string, string>();
		for (const raw of options.model ?? []) {
			const spec = parseModelSpec(raw);
			if (!names.includes(spec.provider)) throw new UsageError(`--model ${spec.spec}: no provider named "${spec.provider}"`);
			chosenModels.set(spec.provider, spec.model);
		}
		const selected = provider === undefined ? names : [provider];
		if (selected.length === 0) {
			process.stdout.write('no providers configured: nothing to check. Add one with `arena providers add NAME` (e.g. `arena providers add ollama`)\n');
			return EXIT_FAILED;
		}
		process.stdout.write(`checking ${selected.length} ${selected.length === 1 ? 'provider' : 'providers'}…\n`);
		// One provider at a time, so each TTFT is measured without the others competing for the thread.
		const diagnoses: ProviderDiagnosis[] = [];
		for (const name of selected) {
			const diagnosisOptions: DiagnoseOptions = {timeoutMs: timeoutSeconds * 1000};
			const model = chosenModels.get(name);
			if (model !== undefined) diagnosisOptions.model = model;
			diagnoses.push(await diagnoseProvider(settings.provider(name)!, diagnosisOptions));
		}
		process.stdout.write(`${renderDiagnosisTable(diagnoses)}\n`);
		const failed = diagnoses.filter(diagnosis => !diagnosis.passed).length;
		process.stdout.write(
			failed === 0
				? `all ${diagnoses.length} ${diagnoses.length === 1 ? 'provider passes' : 'providers pass'}\n`
				: `${failed} of ${diagnoses.length} ${diagnoses.length === 1 ? 'provider fails' : 'providers fail'}\n`,
		);
		return failed === 0 ? EXIT_OK : EXIT_FAILED;
	} catch (error) {
		return reportFatal(error);
	}
}
