import {render, useApp, useInput, useStdin} from 'ink';
import {useCallback, useEffect, useRef, useState} from 'react';
import type {AnswerWorkplace} from './answers/use-answer-actions.js';
import {BattleRoundScreen} from './battle/battle-round.js';
import type {BattleHost, BattleRound} from './battle/battle-types.js';
import {BattleHeader, PromptStepView} from './battle/battle-view.js';
import {progressRow} from './battle/progress.js';
import {useRefState} from './hooks/use-ref-state.js';
import {useTerminalSize} from './hooks/use-terminal-size.js';
import {matches} from './keymap.js';
import {inkOptions, type TuiStreams} from './tui-options.js';

export type {BattleHost, BattleProgress, BattleReveal, BattleRound, RevealedSide} from './battle/battle-types.js';

/** How a battle ended: every planned round done, q, or Ctrl+C. */
export type BattleEnd = 'finished' | 'quit' | 'stopped';

/** The elapsed clock and time-left estimate move even when nothing else does. */
const CLOCK_TICK_MS = 1000;

type Step =
	| {kind: 'starting'}
	| {kind: 'prompt'}
	| {kind: 'round'; round: BattleRound}
	| {kind: 'leaving'; end: BattleEnd};

export interface BattleAppProps {
	host: BattleHost;
	/** Called once, just before the app exits. */
	onDone?: (end: BattleEnd) => void;
	/** A round could not start (the store failed, say): the battle ends, and battleTui rejects with it. */
	onError?: (error: unknown) => void;
	/** Drawn inside a larger app (the workspace): ending only calls onDone, the app keeps running. */
	embedded?: boolean;
	/** Lent by the workspace so the answers can be copied, saved, opened and diffed. */
	workplace?: AnswerWorkplace;
}

/**
 * A blind battle, round after round: a typed prompt (or the next suite task),
 * both answers as Model A and Model B, the vote, the reveal. This component
 * owns the sequence and the clock; each round owns its own screen and keys.
 */
export function BattleApp({host, onDone, onError, embedded = false, workplace}: BattleAppProps) {
	const {exit} = useApp();
	const {isRawModeSupported} = useStdin();
	const keyboard = isRawModeSupported === true;
	const size = useTerminalSize();
	const [startedAt] = useState(() => performance.now());
	// Read through a ref: keys typed faster than frames ("n n") must not start two rounds.
	const [step, readStep, setStep] = useRefState<Step>(() => ({kind: 'starting'}));
	const [roundDurations, setRoundDurations] = useState<number[]>([]);
	const [roundStartedAt, setRoundStartedAt] = useState(startedAt);
	const [prompt, setPrompt] = useState('');
	// Text pasted (or typed by a script) with its Enter arrives before a re-render; submit what was typed, not the last frame.
	const typedPrompt = useRef('');
	const leaving = step.kind === 'leaving';
	useClockTick(CLOCK_TICK_MS, !leaving);

	const leave = useCallback((end: BattleEnd) => setStep({kind: 'leaving', end}), [setStep]);

	useEffect(() => {
		if (step.kind !== 'leaving') return;
		onDone?.(step.end);
		if (!embedded) exit();
	}, [step, onDone, exit, embedded]);

	// Starting a round starts two streams: done from events and this one mount effect, never while rendering.
	const begin = (roundPrompt: string | null) => {
		let round: BattleRound | null;
		try {
			round = host.nextRound(roundPrompt);
		} catch (error) {
			onError?.(error);
			leave('stopped');
			return;
		}
		if (round === null) leave('finished');
		else setStep({kind: 'round', round});
	};
	const started = useRef(false);
	useEffect(() => {
		if (started.current) return;
		started.current = true;
		if (host.needsPrompt) setStep({kind: 'prompt'});
		else begin(null);
	}, []);

	/** Moves on from round `from`; a second request for the same round is a key typed twice. */
	const next = (from: number) => {
		const current = readStep();
		if (current.kind !== 'round' || current.round.number !== from) return;
		const now = performance.now();
		setRoundDurations(durations => [...durations, now - roundStartedAt]);
		setRoundStartedAt(now);
		if (!host.hasNextRound()) {
			leave('finished');
			return;
		}
		if (host.needsPrompt) {
			typedPrompt.current = '';
			setPrompt('');
			setStep({kind: 'prompt'});
		} else {
			begin(null);
		}
	};
	useInput(
		(input, key) => {
			if (matches('DISMISS', input, key)) leave('quit');
		},
		{isActive: keyboard && step.kind === 'prompt'},
	);

	if (step.kind === 'leaving') return null;

	const round = step.kind === 'round' ? step.round : null;
	// Called by whichever component draws the row, so a vote (round state) updates it at once.
	const progress = () => {
		const now = performance.now();
		return progressRow({
			progress: host.progress(),
			roundNumber: round?.number ?? roundDurations.length + 1,
			taskPosition: round?.task?.position ?? null,
			finishedRoundDurationsMs: roundDurations,
			currentRoundElapsedMs: now - roundStartedAt,
			elapsedMs: now - startedAt,
		});
	};

	if (round) {
		return (
			<BattleRoundScreen
				key={`${round.number}.${round.turn ?? 1}`}
				round={round}
				lastRound={!host.hasNextRound()}
				progress={progress}
				note={host.simulatedNote}
				columns={size.columns}
				rows={size.rows}
				keyboard={keyboard}
				onNext={() => next(round.number)}
				onLeave={leave}
				onFollowUp={followed => setStep({kind: 'round', round: followed})}
				backKey={embedded}
				workplace={workplace}
			/>
		);
	}
	const header = {
		title: step.kind === 'prompt' ? 'type the prompt for this round' : '',
		status: step.kind === 'prompt' ? `round ${roundDurations.length + 1}` : 'starting…',
		progress: progress(),
		note: host.simulatedNote,
	};
	if (step.kind === 'starting') return <BattleHeader {...header} width={size.columns} />;
	return (
		<PromptStepView
			header={header}
			value={prompt}
			onChange={value => {
				typedPrompt.current = value;
				setPrompt(value);
			}}
			onSubmit={() => {
				const value = typedPrompt.current;
				if (readStep().kind === 'prompt' && value.trim() !== '') begin(value);
			}}
			focus={keyboard}
			columns={size.columns}
		/>
	);
}

function useClockTick(intervalMs: number, active: boolean): void {
	const [, setTick] = useState(0);
	useEffect(() => {
		if (!active) return;
		const timer = setInterval(() => setTick(tick => tick + 1), intervalMs);
		return () => clearInterval(timer);
	}, [intervalMs, active]);
}

export interface BattleTuiOptions extends TuiStreams {
	/** Called for every frame Ink draws; tests scan each one. */
	onFrame?: () => void;
	/** Where copied and saved answers go; with it, c/C/s/e/d/m work on the focused answer. */
	workplace?: AnswerWorkplace;
}

/**
 * Draws the battle until it is over, then resolves with how it ended (or
 * rejects with why a round could not start). Ctrl+C
 * arrives as a key (raw mode): while streaming it cancels the round, which is
 * still saved, without a vote. Ink's unmount restores the cursor and cooked mode.
 */
export async function battleTui(host: BattleHost, options: BattleTuiOptions = {}): Promise<BattleEnd> {
	let end: BattleEnd = 'stopped';
	let failure: {error: unknown} | undefined;
	const instance = render(<BattleApp host={host} onDone={reason => (end = reason)} onError={error => (failure = {error})} workplace={options.workplace} />,
		inkOptions(options, options.onFrame),
	);
	await instance.waitUntilExit();
	if (failure) throw failure.error;
	return end;
}
