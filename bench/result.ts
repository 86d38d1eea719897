/** One figure of npm run bench, beside its reference (bench/results.json holds a list of them). */
export interface Result {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly reference: string;
  /** undefined when the figure has no aim. */
  readonly meetsAim?: boolean;
  readonly detail: string;
}
