/** `--name value` pairs from the command line, for the small operator tools. */
export function argsOf(argv: readonly string[]): Map<string, string> {
  const args = new Map<string, string>();
  for (let i = 0; i < argv.length; i += 1) {
    if (!argv[i].startsWith('--')) throw new Error(`unexpected argument ${argv[i]}`);
    const value = argv[i + 1];
    if (value === undefined || value.startsWith('--')) throw new Error(`${argv[i]} needs a value`);
    args.set(argv[i].slice(2), value);
    i += 1;
  }
  return args;
}
