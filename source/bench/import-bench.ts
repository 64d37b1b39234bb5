/**
 * `arena import` at scale: 100,000 FastChat battles among 10 models, in a
 * clean_battle JSON file as FastChat writes it (indented, with judge, turn,
 * anony, language, tstamp and question_id), imported into a fresh SQLite store.
 * Timed is the whole import path: read the file, parse it, validate and map
 * every record, and commit them in one transaction. Writing the file is not
 * timed. The budget is "a few seconds at most".
 */

import {mkdtempSync, rmSync, statSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {performance} from 'node:perf_hooks';
import {importBattleFile} from '../commands/import.js';
import {createRandom} from '../core/random.js';
import {simulateBattles} from '../core/rating.js';
import {median} from '../core/stats.js';
import {openHistoryStore} from '../store/history-store.js';

export interface ImportBenchResult {
	records: number;
	models: number;
	/** Size of the FastChat file. */
	fileBytes: number;
	medianMs: number;
	runsMs: number[];
}

const RECORDS = 100_000;
const MODELS = 10;
const RUNS = 3;
const LANGUAGES = ['English', 'English', 'English', 'Chinese', 'German', 'unknown'];

export async function benchImport(): Promise<ImportBenchResult> {
	const directory = mkdtempSync(path.join(os.tmpdir(), 'arena-import-bench-'));
	try {
		const file = path.join(directory, 'clean_battle_bench.json');
		writeFileSync(file, fastChatFile());
		const fileBytes = statSync(file).size;

		const runsMs: number[] = [];
		for (let run = 0; run < RUNS; run++) {
			// A fresh store each time: into the same one, every record after the first run would be a duplicate.
			const store = openHistoryStore(path.join(directory, `arena-${run}.db`));
			try {
				const started = performance.now();
				const summary = await importBattleFile(store, file, {format: 'auto', source: 'bench'});
				runsMs.push(performance.now() - started);
				if (summary.imported !== RECORDS || summary.rejected.length > 0) {
					throw new Error(`expected ${RECORDS} imported battles, got ${summary.imported} (${summary.rejected.length} rejected)`);
				}
			} finally {
				store.close();
			}
			await new Promise(resolve => setImmediate(resolve));
		}
		return {records: RECORDS, models: MODELS, fileBytes, medianMs: median(runsMs)!, runsMs};
	} finally {
		rmSync(directory, {recursive: true, force: true});
	}
}

/** What FastChat's clean_battle_data.py writes in its "simple" mode, plus the question ids of its conv_release mode. */
function fastChatFile(): string {
	const trueRatings: Record<string, number> = {};
	for (let index = 0; index < MODELS; index++) trueRatings[`bench-model-${index}`] = 1000 + (index - (MODELS - 1) / 2) * 60;
	const random = createRandom(5);
	const firstVote = Date.UTC(2024, 0, 1) / 1000;
	const battles = simulateBattles(trueRatings, RECORDS, random).map((battle, index) => ({
		question_id: `q${index.toString(16).padStart(8, '0')}`,
		model_a: battle.model_a,
		model_b: battle.model_b,
		winner: battle.winner,
		judge: `arena_user_${random.int(5000)}`,
		turn: 1,
		anony: random.float() < 0.9,
		language: LANGUAGES[random.int(LANGUAGES.length)]!,
		tstamp: firstVote + index * 13.37,
	}));
	return JSON.stringify(battles, null, 2);
}
