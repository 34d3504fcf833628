import type { Command } from "commander";
import type { Runner } from "../main";
import { registerApply } from "./apply";
import { registerDemo } from "./demo";
import { registerPlan } from "./plan";
import { registerSim } from "./sim";
import { registerValidate } from "./validate";

/** A command module adds itself to the program. */
export type Register = (program: Command, run: Runner) => void;

export const commands: readonly Register[] = [
  registerValidate,
  registerPlan,
  registerApply,
  registerSim,
  registerDemo,
];
