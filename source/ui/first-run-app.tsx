import {Box, render, Text, useApp, useInput, useStdin} from 'ink';
import SelectInput from 'ink-select-input';
import {useEffect, useState} from 'react';
import {stripTerminalControls} from '../core/sanitize.js';
import type {FoundProvider} from '../providers/first-run-scan.js';
import {matches} from './keymap.js';
import {theme} from './theme.js';
import {Spinner} from './components/spinner.js';
import {inkOptions, type TuiStreams} from './tui-options.js';

/** What the user chose on the first-run screen. `models` are ids as the provider knows them. */
export type FirstRunChoice =
	| {kind: 'provider'; provider: FoundProvider; models: string[]}
	/** Add it without running: its models could not be listed just now. */
	| {kind: 'add-only'; provider: FoundProvider}
	| {kind: 'demo'}
	| {kind: 'quit'};

export type ModelsLoad = {ok: true; models: string[]} | {ok: false; error: string};

export interface FirstRunAppProps {
	found: readonly FoundProvider[];
	/** What was looked for, for the "found nothing" message. */
	lookedFor: string;
	/** Lists a provider's models (local servers come with theirs already). */
	loadModels: (provider: FoundProvider) => Promise<ModelsLoad>;
	onDone: (choice: FirstRunChoice) => void;
}

type Step =
	| {name: 'choose'}
	| {name: 'loading'; provider: FoundProvider}
	| {name: 'first'; provider: FoundProvider; models: string[]}
	| {name: 'second'; provider: FoundProvider; models: string[]; first: string}
	| {name: 'failed'; provider: FoundProvider; error: string};

type Action =
	| {type: 'provider'; provider: FoundProvider}
	| {type: 'add-only'; provider: FoundProvider}
	| {type: 'demo'}
	| {type: 'quit'};

/** How many models a list shows at once; the rest scroll. */
const LIST_LIMIT = 10;

export function describeFound(provider: FoundProvider): string {
	if (provider.reason === 'local') {
		const count = provider.models?.length ?? 0;
		return `${provider.name} · local server at ${provider.baseURL} · ${count} ${count === 1 ? 'model' : 'models'}`;
	}
	return `${provider.name} · key in $${provider.apiKeyEnv} · ${provider.baseURL}`;
}

export function FirstRunApp({found, lookedFor, loadModels, onDone}: FirstRunAppProps) {
	const {exit} = useApp();
	const {isRawModeSupported} = useStdin();
	const [step, setStep] = useState<Step>({name: 'choose'});
	const [choice, setChoice] = useState<FirstRunChoice | null>(null);
	// Providers like OpenRouter list hundreds of models: `/` filters the list as you type.
	const [filter, setFilter] = useState('');
	const [filtering, setFiltering] = useState(false);
	const pickingModel = step.name === 'first' || step.name === 'second';

	useEffect(() => {
		if (choice === null) return;
		onDone(choice);
		exit();
	}, [choice, onDone, exit]);

	useEffect(() => {
		if (step.name !== 'loading') return;
		let current = true;
		void loadModels(step.provider).then(result => {
			if (!current) return;
			if (!result.ok) setStep({name: 'failed', provider: step.provider, error: result.error});
			else if (result.models.length === 0) setStep({name: 'failed', provider: step.provider, error: 'it lists no models'});
			else setStep({name: 'first', provider: step.provider, models: result.models});
		});
		return () => {
			current = false;
		};
	}, [step, loadModels]);

	useInput(
		(input, key) => {
			if (filtering) {
				if (key.return || key.escape) setFiltering(false);
				else if (key.backspace || key.delete) setFilter(text => text.slice(0, -1));
				else if (input && !key.ctrl && !key.meta) setFilter(text => text + input);
				return;
			}
			if (pickingModel && input === '/') {
				setFiltering(true);
				return;
			}
			if (matches('DISMISS', input, key)) setChoice({kind: 'quit'});
		},
		{isActive: isRawModeSupported === true && choice === null},
	);
	const shown = (models: readonly string[]) => filterModels(models, filter);

	if (choice !== null) return null;

	const pickProvider = (provider: FoundProvider) => {
		if (provider.models && provider.models.length > 0) setStep({name: 'first', provider, models: provider.models});
		else setStep({name: 'loading', provider});
	};
	const onAction = ({value}: {value: Action}) => {
		if (value.type === 'provider') pickProvider(value.provider);
		else if (value.type === 'add-only') setChoice({kind: 'add-only', provider: value.provider});
		else if (value.type === 'demo') setChoice({kind: 'demo'});
		else setChoice({kind: 'quit'});
	};
	const demoAndQuit = [
		{key: 'demo', label: 'Try the demo (simulated models, no key needed)', value: {type: 'demo'} as Action},
		{key: 'quit', label: 'Quit', value: {type: 'quit'} as Action},
	];

	return (
		<Box flexDirection="column">
			<Text>
				<Text color={theme.title} bold>
					arena
				</Text>
				<Text dimColor> · first run: no providers configured yet</Text>
			</Text>
			<Box marginTop={1} flexDirection="column">
				{step.name === 'choose' ? (
					<>
						{found.length > 0 ? (
							<Text>Found {found.length === 1 ? 'this provider' : 'these providers'}. Add one?</Text>
						) : (
							<Text>
								Found no provider ({stripTerminalControls(lookedFor)}). Add one later with{' '}
								<Text color={theme.title}>arena providers add NAME</Text>.
							</Text>
						)}
						<SelectInput<Action>
							items={[
								...found.map(provider => ({
									key: `add-${provider.name}`,
									label: `Add ${stripTerminalControls(describeFound(provider))}`,
									value: {type: 'provider', provider} as Action,
								})),
								...demoAndQuit,
							]}
							onSelect={onAction}
						/>
					</>
				) : null}
				{step.name === 'loading' ? <Text dimColor>listing the models of {step.provider.name}…</Text> : null}
				{step.name === 'failed' ? (
					<>
						<Text color={theme.error}>
							cannot list the models of {step.provider.name}: {stripTerminalControls(step.error)}
						</Text>
						<SelectInput<Action>
							items={[
								{
									key: 'add-only',
									label: `Add ${stripTerminalControls(step.provider.name)} anyway, and run it later with -m ${stripTerminalControls(step.provider.name)}:MODEL`,
									value: {type: 'add-only', provider: step.provider},
								},
								...demoAndQuit,
							]}
							onSelect={onAction}
						/>
					</>
				) : null}
				{step.name === 'first' ? (
					<>
						<Text>Pick a model of {step.provider.name} to run:</Text>
						<FilterLine filter={filter} filtering={filtering} shown={shown(step.models).length} total={step.models.length} />
						<SelectInput<string>
							limit={LIST_LIMIT}
							isFocused={!filtering}
							items={shown(step.models).map(model => ({key: model, label: stripTerminalControls(model), value: model}))}
							onSelect={({value}) => {
								setFilter('');
								const others = step.models.filter(model => model !== value);
								if (others.length === 0) setChoice({kind: 'provider', provider: step.provider, models: [value]});
								else setStep({name: 'second', provider: step.provider, models: step.models, first: value});
							}}
						/>
					</>
				) : null}
				{step.name === 'second' ? (
					<>
						<Text>
							Compare {stripTerminalControls(step.first)} with a second model?
						</Text>
						<FilterLine filter={filter} filtering={filtering} shown={shown(step.models).length} total={step.models.length} />
						<SelectInput<string | null>
							limit={LIST_LIMIT}
							isFocused={!filtering}
							items={[
								{key: '(none)', label: `No, run ${stripTerminalControls(step.first)} alone`, value: null},
								...shown(step.models)
									.filter(model => model !== step.first)
									.map(model => ({key: model, label: stripTerminalControls(model), value: model as string | null})),
							]}
							onSelect={({value}) =>
								setChoice({
									kind: 'provider',
									provider: step.provider,
									models: value === null ? [step.first] : [step.first, value],
								})
							}
						/>
					</>
				) : null}
			</Box>
			<Box marginTop={1}>
				<Text dimColor>
					{filtering
						? 'type to filter · backspace delete · enter/esc done'
						: pickingModel
							? '↑↓ move · enter choose · / filter · esc leave'
							: '↑↓ move · enter choose · esc leave'}
				</Text>
			</Box>
		</Box>
	);
}

/** Models whose id contains every word of the filter, ignoring case. */
export function filterModels(models: readonly string[], filter: string): string[] {
	const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
	if (words.length === 0) return [...models];
	return models.filter(model => words.every(word => model.toLowerCase().includes(word)));
}

function FilterLine({filter, filtering, shown, total}: {filter: string; filtering: boolean; shown: number; total: number}) {
	if (!filtering && filter === '') return null;
	return (
		<Text>
			<Text dimColor>filter: </Text>
			{stripTerminalControls(filter)}
			{filtering ? <Text inverse> </Text> : null}
			<Text dimColor>
				{' '}
				· {shown} of {total}
			</Text>
		</Text>
	);
}

/** While the scan runs (probing local servers can take most of a second), a spinner says what is going on. */
export function ScanningFirstRun({scan, ...props}: Omit<FirstRunAppProps, 'found'> & {scan: Promise<readonly FoundProvider[]>}) {
	const [found, setFound] = useState<readonly FoundProvider[] | null>(null);
	useEffect(() => {
		let current = true;
		void scan.then(
			result => current && setFound(result),
			() => current && setFound([]),
		);
		return () => {
			current = false;
		};
	}, [scan]);
	if (found === null) return <Spinner label="looking for providers: key variables, a local Ollama or LM Studio…" />;
	return <FirstRunApp {...props} found={found} />;
}

export async function firstRunTui(
	props: Omit<FirstRunAppProps, 'onDone' | 'found'> & {found: readonly FoundProvider[] | Promise<readonly FoundProvider[]>},
	streams: TuiStreams = {},
): Promise<FirstRunChoice> {
	let choice: FirstRunChoice = {kind: 'quit'};
	const {found, ...rest} = props;
	const instance = render(<ScanningFirstRun {...rest} scan={Promise.resolve(found)} onDone={picked => (choice = picked)} />, inkOptions(streams));
	await instance.waitUntilExit();
	return choice;
}
