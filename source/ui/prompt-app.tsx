import {Box, Text, useApp, useInput, useStdin} from 'ink';
import TextInput from 'ink-text-input';
import {useEffect, useState} from 'react';
import {stripTerminalControls} from '../core/sanitize.js';
import {useTerminalSize} from './hooks/use-terminal-size.js';
import {HelpBar} from './help-bar.js';
import {matches} from './keymap.js';
import {theme} from './theme.js';

export interface PromptAppProps {
	models: readonly string[];
	simulated: boolean;
	/** The submitted prompt, or null when the user leaves. Called once. */
	onDone: (prompt: string | null) => void;
}

/** `arena` with no arguments: shows the models that will answer and asks for the prompt. */
export function PromptApp({models, simulated, onDone}: PromptAppProps) {
	const {exit} = useApp();
	const {isRawModeSupported} = useStdin();
	const {columns} = useTerminalSize();
	const [prompt, setPrompt] = useState('');
	const [outcome, setOutcome] = useState<{prompt: string | null} | null>(null);

	// Exit after the empty frame is drawn, so the prompt box does not linger above the run.
	useEffect(() => {
		if (outcome === null) return;
		onDone(outcome.prompt);
		exit();
	}, [outcome, onDone, exit]);

	const keyboard = isRawModeSupported === true && outcome === null;
	useInput(
		(input, key) => {
			if (matches('DISMISS', input, key)) setOutcome({prompt: null});
		},
		{isActive: keyboard},
	);

	if (outcome !== null) return null;
	return (
		<Box flexDirection="column" width={columns}>
			<Text>
				<Text color={theme.title} bold>
					arena
				</Text>
				<Text dimColor> · one prompt, every model, side by side</Text>
			</Text>
			<Box flexWrap="wrap" columnGap={1} marginTop={1}>
				{models.map(model => (
					<Text key={model} inverse>
						{` ${stripTerminalControls(model)} `}
					</Text>
				))}
				{simulated ? <Text color={theme.simulatedBadge}>simulated models</Text> : null}
			</Box>
			<Box borderStyle="round" borderColor={theme.focusedBorder} paddingX={1}>
				<Text color={theme.title}>› </Text>
				<TextInput
					value={prompt}
					onChange={setPrompt}
					onSubmit={value => {
						if (value.trim() !== '') setOutcome({prompt: value});
					}}
					placeholder="Ask every model the same question…"
					focus={keyboard}
				/>
			</Box>
			<HelpBar commands={['SUBMIT', 'DISMISS']} width={columns} />
		</Box>
	);
}
