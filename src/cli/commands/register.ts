/**
 * The contract between the program (../main.ts) and its command modules: each module exports a
 * `Register` that adds its command; `Runner` wraps the command's action so its exit code becomes
 * main's result. Kept apart from main.ts, which imports every command, so that no command imports
 * main back.
 */
import type { Command } from "commander";

export type ExitCode = number;
/** Wraps a command's action so its resolved exit code becomes main's result. */
export type Runner = <A extends unknown[]>(action: (...args: A) => Promise<ExitCode>) => (...args: A) => Promise<void>;

/** A command module adds itself to the program. */
export type Register = (program: Command, run: Runner) => void;
