import {Box, type Key, Text, useInput, useStdin} from 'ink';
import SelectInput from 'ink-select-input';
import TextInput from 'ink-text-input';
import {createContext, type ReactElement, useContext, useEffect, useMemo, useState} from 'react';
import {formatDollars} from '../../core/cost.js';
import {stripTerminalControls} from '../../core/sanitize.js';
import {HelpBar, helpBarRows} from '../help-bar.js';
import {commandFor, type HelpItem, keyLabel, viewCommands} from '../keymap.js';
import {displayWidth, truncateToWidth} from '../text/wrap.js';
import {theme} from '../theme.js';
import {type CatalogEntry, type CatalogLoad, filterCatalog} from './model-catalog.js';

export interface ModelPickerProps {
	/** null while the providers are being asked. */
	catalog: CatalogLoad | null;
	/** Specs chosen when the picker opens, in order. */
	selected: readonly string[];
	/** Saved model sets by name (`settings.pools()`). */
	sets: Readonly<Record<string, string[]>>;
	/** The chosen specs in the order they were picked, or null when the user backed out. */
	onDone(specs: string[] | null): void;
	/** Saves the selection under a name (`settings.savePool`); a rejection is shown in the picker. */
	onSaveSet(name: string, specs: string[]): Promise<void>;
	focus: boolean;
	width: number;
	rows: number;
	/** How many providers are being asked, for the loading line. */
	providerCount?: number;
}

/** Typing is not a key the keymap can bind, so the help bar is told about it separately. */
const TYPING_FILTERS: readonly HelpItem[] = [{keys: 'type', description: 'filter'}];

const SPINNER_FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const SPINNER_INTERVAL_MS = 100;
/** Provider errors drawn in full; more are summarised on one line. */
const MAX_ERROR_LINES = 3;
const INDICATOR_WIDTH = 2;
const CHECKBOX_WIDTH = 4;
const MIN_LABEL_WIDTH = 24;

type Pane = 'models' | 'sets' | 'naming';
const PANE_COMMANDS = {models: 'modelPicker', sets: 'modelSets', naming: 'setName'} as const satisfies Record<Pane, keyof typeof viewCommands>;
type Notice = {kind: 'info' | 'warning' | 'error'; text: string};

interface RowContext {
	chosen: ReadonlySet<string>;
	entries: ReadonlyMap<string, CatalogEntry>;
	rowWidth: number;
}

// ink-select-input draws each row itself; a context hands the rows what they show beside the label.
const RowContextValue = createContext<RowContext>({chosen: new Set(), entries: new Map(), rowWidth: 40});

export function ModelPicker({catalog, selected, sets, onDone, onSaveSet, focus, width, rows, providerCount}: ModelPickerProps) {
	const {isRawModeSupported} = useStdin();
	const active = focus && isRawModeSupported === true;
	const [chosen, setChosen] = useState<string[]>(() => [...new Set(selected)]);
	const [filter, setFilter] = useState('');
	const [pane, setPane] = useState<Pane>('models');
	const [highlight, setHighlight] = useState<{listKey: string; spec: string} | null>(null);
	const [setName, setSetName] = useState('');
	const [saving, setSaving] = useState(false);
	const [notice, setNotice] = useState<Notice | null>(null);
	// Sets saved here show at once, before the parent passes the updated list back.
	const [savedHere, setSavedHere] = useState<Record<string, string[]>>({});
	const allSets = useMemo(() => ({...sets, ...savedHere}), [sets, savedHere]);

	const visible = useMemo(() => (catalog ? filterCatalog(catalog.entries, filter) : []), [catalog, filter]);
	// ink-select-input moves its highlight on j/k and picks on digits, which are also filter
	// characters here: a new list (and so a fresh highlight at the top) for every filter.
	const listKey = useMemo(() => `${filter}\u0000${visible.map(entry => entry.spec).join('\u0001')}`, [filter, visible]);
	const highlighted = highlight?.listKey === listKey ? highlight.spec : visible[0]?.spec;
	const entriesBySpec = useMemo(() => new Map((catalog?.entries ?? []).map(entry => [entry.spec, entry])), [catalog]);

	const toggle = (spec: string) => {
		setChosen(current => (current.includes(spec) ? current.filter(other => other !== spec) : [...current, spec]));
		setNotice(null);
	};

	const saveSet = async (rawName: string) => {
		const name = rawName.trim();
		if (name === '') {
			setNotice({kind: 'error', text: 'type a name for the set, like coding'});
			return;
		}
		setSaving(true);
		try {
			await onSaveSet(name, [...chosen]);
			setSavedHere(current => ({...current, [name]: [...chosen]}));
			setNotice({kind: 'info', text: `saved set ${name} (${chosen.length} ${chosen.length === 1 ? 'model' : 'models'})`});
			setPane('models');
			setSetName('');
		} catch (error) {
			setNotice({kind: 'error', text: oneLine((error as Error).message)});
		} finally {
			setSaving(false);
		}
	};

	useInput(
		(input, key) => {
			const command = commandFor(viewCommands[PANE_COMMANDS[pane]], input, key);
			switch (command) {
				// The text input saves on Enter; the lists move (and the saved sets choose) on their own.
				case 'EDIT_SAVE':
				case 'LIST_UP':
				case 'LIST_DOWN':
				case 'PICK_USE_SET':
					return;
				case 'EDIT_CANCEL':
					if (!saving) {
						setPane('models');
						setNotice(null);
					}
					return;
				case 'BACK':
					onDone(null);
					return;
				case 'PICK_SWITCH_LIST':
					setPane(pane === 'models' ? 'sets' : 'models');
					setNotice(null);
					return;
				case 'PICK_SAVE_SET':
					if (chosen.length === 0) setNotice({kind: 'error', text: `pick models first (${keyLabel('PICK_TOGGLE')}), then save them as a set`});
					else {
						setPane('naming');
						setNotice(null);
					}
					return;
				case 'PICK_CONFIRM':
					if (chosen.length === 0) setNotice({kind: 'error', text: `nothing picked: ${keyLabel('PICK_TOGGLE')} picks the highlighted model`});
					else onDone([...chosen]);
					return;
				case 'PICK_TOGGLE':
					if (highlighted !== undefined) toggle(highlighted);
					return;
				default:
					break;
			}
			// Only the models list filters; the name being typed belongs to the text input.
			if (pane !== 'models') return;
			if (key.backspace || key.delete) {
				setFilter(current => current.slice(0, -1));
				return;
			}
			const typed = printable(input, key);
			if (typed !== '') setFilter(current => current + typed);
		},
		{isActive: active},
	);

	const shownNotice: Notice | null = notice ?? (chosen.length === 1 ? {kind: 'warning', text: 'pick at least two to compare'} : null);

	const helpCommands = viewCommands[PANE_COMMANDS[pane]];
	const helpExtra = pane === 'models' ? TYPING_FILTERS : [];
	const helpRows = helpBarRows(helpCommands, width, {extra: helpExtra});
	const errorLines = providerErrorLines(catalog, width);
	// Title, filter line, chosen chips and the notice line are always drawn.
	const fixedRows = 4 + errorLines.length + helpRows.length;
	const listRows = Math.max(1, rows - fixedRows);

	// The list is only as tall as what it shows, so the chosen models sit right under it.
	const shownRows = catalog === null ? 1 : pane === 'sets' ? Object.keys(allSets).length : visible.length;
	let body: ReactElement;
	if (catalog === null) {
		body = <LoadingLine providerCount={providerCount} width={width} />;
	} else if (pane === 'sets') {
		const chooseSet = (name: string, specs: readonly string[]) => {
			setChosen([...specs]);
			setPane('models');
			setNotice({kind: 'info', text: `using set ${name}`});
		};
		body = <SetList sets={allSets} active={active} width={width} rows={listRows} onChoose={chooseSet} />;
	} else if (visible.length === 0) {
		body = (
			<Text dimColor wrap="truncate-end">
				{catalog.entries.length === 0 ? 'no models to pick: add a provider with `arena providers add NAME`' : `nothing matches "${stripTerminalControls(filter)}"`}
			</Text>
		);
	} else {
		body = (
			<RowContextValue.Provider value={{chosen: new Set(chosen), entries: entriesBySpec, rowWidth: width - INDICATOR_WIDTH}}>
				<SelectInput<string>
					key={listKey}
					items={visible.map(entry => ({key: entry.spec, label: entry.label, value: entry.spec}))}
					// Coming back from the saved sets remounts the list; it opens on the same row.
					initialIndex={Math.max(0, visible.findIndex(entry => entry.spec === highlighted))}
					limit={listRows}
					isFocused={active && pane === 'models'}
					indicatorComponent={RowIndicator}
					itemComponent={ModelRow}
					onHighlight={item => setHighlight({listKey, spec: item.value})}
				/>
			</RowContextValue.Provider>
		);
	}

	return (
		<Box flexDirection="column" width={width}>
			<Text wrap="truncate-end">
				<Text color={theme.title} bold>
					{pane === 'sets' ? 'Saved model sets' : 'Models'}
				</Text>
				<Text dimColor>
					{' '}
					· {chosen.length} selected
					{catalog ? ` · ${visible.length} of ${catalog.entries.length} shown` : ''}
				</Text>
			</Text>
			{pane === 'naming' ? (
				<Text wrap="truncate-end">
					<Text bold>save {chosen.length} as set: </Text>
					<TextInput value={setName} onChange={setSetName} onSubmit={name => void saveSet(name)} focus={active && !saving} placeholder="coding" />
					{saving ? <Text dimColor> saving…</Text> : null}
				</Text>
			) : (
				<FilterLine filter={filter} width={width} typing={pane === 'models'} />
			)}
			{errorLines.map(line => (
				<Text key={line} dimColor wrap="truncate-end">
					{line}
				</Text>
			))}
			<Box flexDirection="column" height={Math.min(listRows, Math.max(1, shownRows))} overflow="hidden">
				{body}
			</Box>
			<ChosenChips chosen={chosen} width={width} />
			<NoticeLine notice={shownNotice} width={width} />
			<HelpBar commands={helpCommands} width={width} extra={helpExtra} />
		</Box>
	);
}

/** One dim line per failed provider, the rest summed up, so a broken key never hides the models that work. */
function providerErrorLines(catalog: CatalogLoad | null, width: number): string[] {
	if (!catalog || catalog.errors.length === 0) return [];
	const shownErrors = catalog.errors.length > MAX_ERROR_LINES ? catalog.errors.slice(0, MAX_ERROR_LINES - 1) : catalog.errors;
	const lines = shownErrors.map(error => truncateToWidth(oneLine(`${error.provider}: ${error.message}`), width));
	const hidden = catalog.errors.length - shownErrors.length;
	if (hidden > 0) lines.push(`…and ${hidden} more providers could not be listed`);
	return lines;
}

function LoadingLine({providerCount, width}: {providerCount: number | undefined; width: number}) {
	const [frame, setFrame] = useState(0);
	useEffect(() => {
		const timer = setInterval(() => setFrame(current => (current + 1) % SPINNER_FRAMES.length), SPINNER_INTERVAL_MS);
		return () => clearInterval(timer);
	}, []);
	const from = providerCount === undefined ? '' : ` from ${providerCount} ${providerCount === 1 ? 'provider' : 'providers'}`;
	return (
		<Text wrap="truncate-end">
			<Text color={theme.title}>{SPINNER_FRAMES[frame]}</Text>
			{truncateToWidth(` loading models${from}…`, width - 1)}
		</Text>
	);
}

function FilterLine({filter, width, typing}: {filter: string; width: number; typing: boolean}) {
	if (filter === '') {
		return (
			<Text dimColor wrap="truncate-end">
				{typing ? 'type to filter' : ' '}
			</Text>
		);
	}
	return (
		<Text wrap="truncate-end">
			<Text dimColor>filter: </Text>
			{truncateToWidth(stripTerminalControls(filter), width - 10)}
			{typing ? <Text inverse> </Text> : null}
		</Text>
	);
}

function ChosenChips({chosen, width}: {chosen: readonly string[]; width: number}) {
	if (chosen.length === 0) {
		return (
			<Text dimColor wrap="truncate-end">
				none picked yet
			</Text>
		);
	}
	const text = chosen.map((spec, index) => `${index + 1}. ${stripTerminalControls(spec)}`).join('  ');
	return <Text wrap="truncate-end">{truncateToWidth(text, width)}</Text>;
}

function NoticeLine({notice, width}: {notice: Notice | null; width: number}) {
	if (!notice) return <Text> </Text>;
	const color = notice.kind === 'error' ? theme.error : notice.kind === 'warning' ? theme.warning : theme.verdict;
	const prefix = notice.kind === 'error' ? '✗ ' : notice.kind === 'warning' ? '! ' : '✓ ';
	return (
		<Text color={color} wrap="truncate-end">
			{truncateToWidth(prefix + notice.text, width)}
		</Text>
	);
}

function SetList({
	sets,
	active,
	width,
	rows,
	onChoose,
}: {
	sets: Readonly<Record<string, string[]>>;
	active: boolean;
	width: number;
	rows: number;
	onChoose(name: string, specs: readonly string[]): void;
}) {
	const names = Object.keys(sets).sort((left, right) => left.localeCompare(right));
	if (names.length === 0) {
		return (
			<Text dimColor wrap="truncate-end">
				no saved sets yet: pick models, then {keyLabel('PICK_SAVE_SET')} saves them as one
			</Text>
		);
	}
	const items = names.map(name => {
		const specs = sets[name]!;
		const label = `${name} (${specs.length}): ${specs.join(' · ')}`;
		return {key: name, label: truncateToWidth(stripTerminalControls(label), width - INDICATOR_WIDTH), value: name};
	});
	return (
		<SelectInput<string>
			items={items}
			limit={rows}
			isFocused={active}
			indicatorComponent={RowIndicator}
			itemComponent={SetRow}
			onSelect={item => onChoose(item.value, sets[item.value]!)}
		/>
	);
}

/** The highlight is a pointer, not only a colour, so it shows under NO_COLOR. */
function RowIndicator({isSelected = false}: {isSelected?: boolean}) {
	return <Text color={isSelected ? theme.title : undefined}>{isSelected ? '› ' : '  '}</Text>;
}

function SetRow({isSelected = false, label}: {isSelected?: boolean; label: string}) {
	return (
		<Text color={isSelected ? theme.title : undefined} bold={isSelected} wrap="truncate-end">
			{label}
		</Text>
	);
}

function ModelRow({isSelected = false, label, value}: {isSelected?: boolean; label: string; value?: unknown}) {
	const {chosen, entries, rowWidth} = useContext(RowContextValue);
	const spec = typeof value === 'string' ? value : label;
	const entry = entries.get(spec);
	const checkbox = chosen.has(spec) ? '[x] ' : '[ ] ';
	const labelRoom = rowWidth - CHECKBOX_WIDTH;
	const fullNote = entry ? rowNote(entry) : '';
	// The label matters more than the note: the note goes when the row is too narrow for both.
	const note = fullNote !== '' && displayWidth(fullNote) + MIN_LABEL_WIDTH <= labelRoom ? fullNote : '';
	const shownLabel = truncateToWidth(stripTerminalControls(label), Math.max(1, labelRoom - displayWidth(note)));
	return (
		<Text wrap="truncate-end">
			<Text bold={chosen.has(spec)}>{checkbox}</Text>
			<Text color={isSelected ? theme.title : undefined} bold={isSelected}>
				{shownLabel}
			</Text>
			{note ? <Text dimColor>{note}</Text> : null}
		</Text>
	);
}

/** What a row adds after the label: the kind for names, the price per 1M tokens when known. */
function rowNote(entry: CatalogEntry): string {
	if (entry.kind === 'alias') return '  alias';
	if (entry.kind === 'chain') return '  fallback chain';
	if (entry.price) return `  ${formatDollars(entry.price.input_per_m)}/${formatDollars(entry.price.output_per_m)} per 1M`;
	return '';
}

/** Printable text a key press adds to the filter; '' for control keys. */
function printable(input: string, key: Key): string {
	if (key.ctrl || key.meta || key.tab || key.return || key.escape || key.upArrow || key.downArrow || key.leftArrow || key.rightArrow) return '';
	if (key.pageUp || key.pageDown || key.home || key.end) return '';
	// A paste arrives as one string; newlines in it would end up in a one-line filter.
	return stripTerminalControls(input).replace(/\s+/g, ' ');
}

function oneLine(text: string): string {
	return stripTerminalControls(text).replace(/\s*[\r\n]+\s*/g, ' ').trim();
}
