import {Box, Text, useInput, useStdin} from 'ink';
import TextInput from 'ink-text-input';
import {useState} from 'react';
import {stripTerminalControls} from '../../core/sanitize.js';
import {MAX_TEMPERATURE, THEME_SETTINGS, type ThemeSetting} from '../../store/settings.js';
import {HelpBar, helpBarRows} from '../help-bar.js';
import {commandFor, helpItems, viewCommands} from '../keymap.js';
import {displayWidth, truncateToWidth} from '../text/wrap.js';
import {theme as colors} from '../theme.js';

export interface RunOptions {
	/** '' means no system prompt. */
	system: string;
	/** null: the provider's default. */
	temperature: number | null;
	/** null: the provider's default. */
	maxTokens: number | null;
}

export interface ProviderInfo {
	name: string;
	baseURL: string;
	/** The environment variable holding the key; null when the provider needs none. */
	keyVariable: string | null;
	keyPresent: boolean;
}

export interface SettingsViewProps {
	options: RunOptions;
	theme: ThemeSetting;
	info: {settingsFile: string; databaseFile: string; providers: ProviderInfo[]};
	/** Only valid values arrive here; the parent persists them (`settings.updateHome`). */
	onChange(patch: {options?: Partial<RunOptions>; theme?: ThemeSetting}): void;
	onBack(): void;
	focus: boolean;
	width: number;
	rows: number;
}

type Field = 'system' | 'temperature' | 'maxTokens' | 'theme';
const FIELDS: readonly Field[] = ['system', 'temperature', 'maxTokens', 'theme'];
const FIELD_LABELS: Record<Field, string> = {system: 'System prompt', temperature: 'Temperature', maxTokens: 'Max tokens', theme: 'Theme'};
const LABEL_WIDTH = 16;
/** The keys that step the theme, shown beside it as in the help bar. */
const CHOICE_KEYS = helpItems(['VALUE_NEXT', 'VALUE_PREV'])[0]!.keys;
const MARKER_WIDTH = 2;

/** What the view accepts: editing a field as text, on a field with fixed values (the theme), or on any other field. */
function modeCommands(editing: boolean, field: Field) {
	if (editing) return viewCommands.settingsEditing;
	return field === 'theme' ? viewCommands.settingsChoice : viewCommands.settings;
}

/** A system prompt is edited on one line; a newline shows (and is typed) as `\n`. */
const NEWLINE_MARK = '\\n';

export type FieldEdit = {ok: true; patch: Partial<RunOptions>} | {ok: false; error: string};

/** What an edited field's text means, or why it cannot be used. Empty means the default (or no system prompt). */
export function parseFieldEdit(field: Exclude<Field, 'theme'>, text: string): FieldEdit {
	const trimmed = text.trim();
	if (field === 'system') return {ok: true, patch: {system: text.replaceAll(NEWLINE_MARK, '\n').trim()}};
	if (field === 'temperature') {
		if (trimmed === '') return {ok: true, patch: {temperature: null}};
		const value = /^(?:\d+(?:\.\d*)?|\.\d+)$/.test(trimmed) ? Number(trimmed) : Number.NaN;
		if (!(value >= 0 && value <= MAX_TEMPERATURE)) {
			return {ok: false, error: `temperature must be a number from 0 to ${MAX_TEMPERATURE}; leave it empty for the provider's default`};
		}
		return {ok: true, patch: {temperature: value}};
	}
	if (trimmed === '') return {ok: true, patch: {maxTokens: null}};
	const value = /^\d+$/.test(trimmed) ? Number(trimmed) : Number.NaN;
	if (!(Number.isSafeInteger(value) && value > 0)) {
		return {ok: false, error: "max tokens must be a whole number, 1 or more; leave it empty for the provider's default"};
	}
	return {ok: true, patch: {maxTokens: value}};
}

export function nextTheme(current: ThemeSetting, step: 1 | -1): ThemeSetting {
	const index = THEME_SETTINGS.indexOf(current);
	return THEME_SETTINGS[(index + step + THEME_SETTINGS.length) % THEME_SETTINGS.length]!;
}

export function SettingsView({options, theme, info, onChange, onBack, focus, width, rows}: SettingsViewProps) {
	const {isRawModeSupported} = useStdin();
	const active = focus && isRawModeSupported === true;
	const [cursor, setCursor] = useState(0);
	const [editing, setEditing] = useState<{field: Exclude<Field, 'theme'>; draft: string} | null>(null);
	const [error, setError] = useState<string | null>(null);
	const field = FIELDS[cursor]!;

	const cycleTheme = (step: 1 | -1) => onChange({theme: nextTheme(theme, step)});

	const save = (text: string) => {
		if (!editing) return;
		const parsed = parseFieldEdit(editing.field, text);
		if (!parsed.ok) {
			setError(parsed.error);
			return;
		}
		onChange({options: parsed.patch});
		setEditing(null);
		setError(null);
	};

	useInput(
		(input, key) => {
			switch (commandFor(modeCommands(editing !== null, field), input, key)) {
				// The text input takes everything else, Enter included.
				case 'EDIT_CANCEL':
					setEditing(null);
					setError(null);
					return;
				case 'BACK':
					onBack();
					return;
				case 'FIELD_PREV':
					setCursor(current => Math.max(0, current - 1));
					return;
				case 'FIELD_NEXT':
					setCursor(current => Math.min(FIELDS.length - 1, current + 1));
					return;
				case 'VALUE_NEXT':
					cycleTheme(1);
					return;
				case 'VALUE_PREV':
					cycleTheme(-1);
					return;
				case 'FIELD_EDIT':
					if (field !== 'theme') {
						setEditing({field, draft: draftOf(field, options)});
						setError(null);
					}
					return;
				default:
					return;
			}
		},
		{isActive: active},
	);

	const helpCommands = modeCommands(editing !== null, field);
	const help = helpBarRows(helpCommands, width);
	const valueWidth = Math.max(1, width - MARKER_WIDTH - LABEL_WIDTH);
	const pathLines = [
		['settings', info.settingsFile],
		['history', info.databaseFile],
	] as const;
	// Title, four fields, the message line, two headings and the two paths are always drawn.
	const fixedRows = 1 + FIELDS.length + 1 + 2 + pathLines.length + help.length;
	const providerRoom = Math.max(1, rows - fixedRows);
	const providersShown =
		info.providers.length <= providerRoom ? info.providers : info.providers.slice(0, Math.max(0, providerRoom - 1));
	const providersHidden = info.providers.length - providersShown.length;
	const nameWidth = Math.min(16, Math.max(4, ...info.providers.map(provider => displayWidth(stripTerminalControls(provider.name))))) + 2;

	return (
		<Box flexDirection="column" width={width}>
			<Text color={colors.title} bold>
				Settings
			</Text>
			{FIELDS.map((name, index) => {
				const highlighted = index === cursor;
				const label = `${highlighted ? '›' : ' '} ${FIELD_LABELS[name].padEnd(LABEL_WIDTH)}`;
				if (editing?.field === name) {
					return (
						<Box key={name} height={1} overflow="hidden">
							<Text bold>{label}</Text>
							<Text wrap="truncate-start">
								<TextInput value={editing.draft} onChange={draft => setEditing({field: name, draft})} onSubmit={save} focus={active} />
							</Text>
						</Box>
					);
				}
				return (
					<Text key={name} wrap="truncate-end">
						<Text bold={highlighted} color={highlighted ? colors.title : undefined}>
							{label}
						</Text>
						{describeField(name, options, theme, valueWidth, highlighted)}
					</Text>
				);
			})}
			{error ? (
				<Text color={colors.error} wrap="truncate-end">
					{truncateToWidth(`✗ ${error}`, width)}
				</Text>
			) : (
				<Text dimColor wrap="truncate-end">
					{truncateToWidth(hintFor(editing?.field ?? field, editing !== null), width) || ' '}
				</Text>
			)}
			<Text bold>Providers</Text>
			{info.providers.length === 0 ? (
				<Text dimColor wrap="truncate-end">
					{'  none configured: add one with `arena providers add NAME`'}
				</Text>
			) : null}
			{providersShown.map(provider => (
				<Text key={provider.name} wrap="truncate-end">
					{'  '}
					{truncateToWidth(stripTerminalControls(provider.name), nameWidth - 2).padEnd(nameWidth)}
					<Text dimColor>{stripTerminalControls(provider.baseURL)}</Text> {describeKey(provider)}
				</Text>
			))}
			{providersHidden > 0 ? <Text dimColor>{`  …and ${providersHidden} more`}</Text> : null}
			<Text bold>Files</Text>
			{pathLines.map(([label, file]) => (
				<Text key={label} wrap="truncate-start">
					{'  '}
					{label.padEnd(10)}
					<Text dimColor>{stripTerminalControls(file)}</Text>
				</Text>
			))}
			<HelpBar commands={helpCommands} width={width} />
		</Box>
	);
}

function draftOf(field: Exclude<Field, 'theme'>, options: RunOptions): string {
	if (field === 'system') return options.system.replaceAll('\n', NEWLINE_MARK);
	const value = options[field];
	return value === null ? '' : String(value);
}

function describeField(field: Field, options: RunOptions, theme: ThemeSetting, width: number, highlighted: boolean) {
	if (field === 'theme') {
		return (
			<Text>
				{THEME_SETTINGS.map(name => (name === theme ? `[${name}]` : ` ${name} `)).join(' ')}
				{highlighted ? <Text dimColor> {CHOICE_KEYS}</Text> : null}
			</Text>
		);
	}
	if (field === 'system') {
		const text = stripTerminalControls(options.system).replaceAll('\n', ' ⏎ ');
		return text === '' ? <Text dimColor>(none)</Text> : <Text>{truncateToWidth(text, width)}</Text>;
	}
	const value = options[field];
	return value === null ? <Text dimColor>provider default</Text> : <Text>{String(value)}</Text>;
}

function describeKey(provider: ProviderInfo) {
	if (provider.keyVariable === null) return <Text dimColor>no key needed</Text>;
	const variable = `$${stripTerminalControls(provider.keyVariable)}`;
	return provider.keyPresent ? (
		<Text>
			{variable} <Text color={colors.verdict}>set</Text>
		</Text>
	) : (
		<Text>
			{variable} <Text color={colors.error}>missing</Text>
		</Text>
	);
}

function hintFor(field: Field, editing: boolean): string {
	if (field === 'theme') return 'auto follows the terminal; NO_COLOR=1 always turns colours off';
	if (field === 'system') return editing ? 'empty for none; \\n starts a new line' : 'sent before every prompt; empty for none';
	if (field === 'temperature') return `0 to ${MAX_TEMPERATURE}; empty for the provider's default`;
	return "a whole number, 1 or more; empty for the provider's default";
}
