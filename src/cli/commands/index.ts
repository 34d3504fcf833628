import { registerApply } from "./apply";
import { registerComment } from "./comment";
import { registerDemo } from "./demo";
import { registerGather } from "./gather";
import { registerPlan } from "./plan";
import { registerSim } from "./sim";
import type { Register } from "./register";
import { registerValidate } from "./validate";

export const commands: readonly Register[] = [
  registerValidate,
  registerPlan,
  registerApply,
  registerGather,
  registerComment,
  registerSim,
  registerDemo,
];
