import { Command, CommanderError, type OptionValues } from 'commander';

/** An environment variable a CLI reads, listed under its `--help`. */
export interface EnvVar {
  readonly name: string;
  readonly description: string;
}

export const DATA_DIR: EnvVar = { name: 'DATA_DIR', description: "the engine's data directory (default ./data)" };

/** Where the events and read models are, for the CLIs that open them as the engine does. */
export const STORE_ENV: readonly EnvVar[] = [
  DATA_DIR,
  { name: 'EVENT_STORE', description: 'sqlite (default: DATA_DIR/events.sqlite), postgres or eventstoredb' },
  { name: 'EVENT_STORE_URL, EVENT_STORE_SCHEMA', description: 'with EVENT_STORE=postgres (default READ_MODELS_URL, schema event_store)' },
  { name: 'ESDB_CONNECTION_STRING', description: 'with EVENT_STORE=eventstoredb' },
  { name: 'READ_MODELS', description: 'sqlite (default: DATA_DIR/read-models.sqlite) or postgres' },
  { name: 'READ_MODELS_URL, READ_MODELS_SCHEMA', description: 'with READ_MODELS=postgres' },
];

/**
 * A CLI's arguments, described once for both parsing and `--help`: the usage line names the
 * npm script an operator types, and the help ends with the environment the CLI reads.
 */
export function cliProgram(script: string, description: string, env: readonly EnvVar[]): Command {
  const width = Math.max(...env.map((v) => v.name.length)) + 2;
  return new Command(`npm run ${script} --`)
    .description(description)
    .helpOption('-h, --help', 'show this help')
    .allowExcessArguments(false)
    .addHelpText('after', ['', 'Environment:', ...env.map((v) => `  ${v.name.padEnd(width)}${v.description}`)].join('\n'));
}

/** The options of `argv` (the user's arguments only); a usage error or `--help` throws a CommanderError, already printed. */
export function optionsOf<T extends OptionValues>(program: Command, argv: readonly string[]): T {
  program.exitOverride().parse([...argv], { from: 'user' });
  return program.opts<T>();
}

/**
 * Runs a CLI's `main` and exits: with main's code; 0 after `--help`; commander's code after a
 * usage error (printed by commander); `failure` after anything else, printed as one line.
 */
export function runCli(name: string, main: () => Promise<number | void>, failure = 1): void {
  main().then(
    (code) => {
      process.exitCode = code ?? 0;
    },
    (error: unknown) => {
      if (error instanceof CommanderError) {
        process.exitCode = error.exitCode;
        return;
      }
      process.stderr.write(`${name}: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(failure);
    },
  );
}
