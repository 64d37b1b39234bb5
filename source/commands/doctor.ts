import type {Command} from 'commander';

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** `arena doctor`: is every provider usable right now? */
export function registerDoctorCommand(program: Command): void {
	program
		.command('doctor')
		.description('check each provider: key present, endpoint reachable, models listed, one tiny streamed answer (with its TTFT)')
		.argument('[provider]', 'check only this provider')
		.option('-m, --model <spec>', 'PROVIDER:MODEL to use for the test answer (default: the first model the provider lists); repeat per provider', collect)
		.option('--timeout <seconds>', 'give up on a provider\'s listing or answer after this long', '10')
		.action(async (provider: string | undefined, options: {model?: string[]; timeout: string}) => {
			const {doctorCommand} = await import('./doctor-run.js');
			process.exitCode = await doctorCommand(provider, options);
		});
}
