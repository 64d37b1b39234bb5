import {Box, type Key, Text, useInput, useStdin} from 'ink';
import TextInput from 'ink-text-input';
import {Fragment, useState} from 'react';
import {stripTerminalControls} from '../../core/sanitize.js';
import {MAX_TEMPERATURE, THEME_SETTINGS, type ThemeSetting} from '../../store/settings.js';
import {type HelpItem, helpItems, matches} from '../keymap.js';
import {packItems} from '../layout.js';
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
const MARKER_WIDTH = 2;

/**
 * Keys of this view that the shared keymap does not have yet; the help bar is
 * built from this table so a key shown is a key that works.
 */
export const settingsKeys = {
	EDIT_FIELD: {keys: 'enter', description: 'edit', test: (_input: string, key: Key) => key.return && !key.meta},
	THEME_NEXT: {keys: '→', description: 'next theme', test: (_input: string, key: Key) => key.rightArrow},
	THEME_PREV: {keys: '←', description: 'previous theme', test: (_input: string, key: Key) => key.leftArrow},
	EDIT_CANCEL: {keys: 'esc', description: 'cancel', test: (input: string, key: Key) => matches('BACK', input, key)},
} as const;

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
			if (editing) {
				// The text input takes everything else, Enter included.
				if (settingsKeys.EDIT_CANCEL.test(input, key)) {
					setEditing(null);
					setError(null);
				}
				return;
			}
			if (matches('BACK', input, key)) {
				onBack();
				return;
			}
			if (matches('SCROLL_UP', input, key)) setCursor(current => Math.max(0, current - 1));
			else if (matches('SCROLL_DOWN', input, key)) setCursor(current => Math.min(FIELDS.length - 1, current + 1));
			else if (field === 'theme' && (settingsKeys.EDIT_FIELD.test(input, key) || settingsKeys.THEME_NEXT.test(input, key))) cycleTheme(1);
			else if (field === 'theme' && settingsKeys.THEME_PREV.test(input, key)) cycleTheme(-1);
			else if (field !== 'theme' && settingsKeys.EDIT_FIELD.test(input, key)) {
				setEditing({field, draft: draftOf(field, options)});
				setError(null);
			}
		},
		{isActive: active},
	);

	const help = packHelp(helpFor(editing !== null, field), width);
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
			{help.map((row, index) => (
				<Text key={index} wrap="truncate-end">
					{row.map((item, itemIndex) => (
						<Fragment key={`${item.keys} ${item.description}`}>
							{itemIndex > 0 ? '  ' : ''}
							<Text color={colors.helpKey} bold>
								{item.keys}
							</Text>
							<Text dimColor> {item.description}</Text>
						</Fragment>
					))}
				</Text>
			))}
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
				{highlighted ? <Text dimColor> ←/→</Text> : null}
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

function helpFor(editing: boolean, field: Field): HelpItem[] {
	if (editing) return [{keys: 'enter', description: 'save'}, {keys: settingsKeys.EDIT_CANCEL.keys, description: settingsKeys.EDIT_CANCEL.description}];
	const move: HelpItem = {keys: '↑↓', description: 'field'};
	const change: HelpItem[] =
		field === 'theme'
			? [{keys: 'enter/←→', description: 'change theme'}]
			: [{keys: settingsKeys.EDIT_FIELD.keys, description: settingsKeys.EDIT_FIELD.description}];
	return [move, ...change, ...helpItems(['BACK'])];
}

function packHelp(items: readonly HelpItem[], width: number): HelpItem[][] {
	const labels = items.map(item => `${item.keys} ${item.description}`);
	let next = 0;
	return packItems(labels, width, '  ', displayWidth).map(row => row.map(() => items[next++]!));
}
