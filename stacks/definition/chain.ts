/**
 * Continue as new: a rows run on an inline Map keeps its history under the
 * Standard workflow's 25,000-event quota by ending, every `pagesPerExecution`
 * pages, with a StartExecution of this same state machine that goes on from
 * the next page. This is the pattern AWS documents in "Continue long-running
 * workflows using Step Functions API (recommended)"
 * (https://docs.aws.amazon.com/step-functions/latest/dg/tutorial-continue-new.html)
 * and in the best practice "Starting new executions to avoid reaching the
 * history quota"
 * (https://docs.aws.amazon.com/step-functions/latest/dg/sfn-best-practices.html).
 *
 * What travels from one execution to the next (its input, a few hundred
 * bytes whatever the list's length):
 *   nextKey  DynamoDB's LastEvaluatedKey of the last page read: where to go on
 *   chain    { first: the first execution's name, sequence: this one's number (1, 2, ...) }
 *   pages    pages read in this execution so far (0: it starts over)
 *   version  the list version the chain pinned at its start (rows-reader.ts):
 *            every execution of the chain reads that one snapshot
 * Executions after the first are named "<first>-<sequence>", so they sort and
 * read as one chain in the console.
 */
import { STATES_START_EXECUTION, type PassState, type State } from "./asl";
import { LAMBDA_RETRY } from "./map";
import { STATE } from "./names";
import type { DefinitionParams } from "./params";

/**
 * The input key the Step Functions console reads to link an execution to the
 * one that started it ("Start workflow executions from a task state",
 * https://docs.aws.amazon.com/step-functions/latest/dg/concepts-nested-workflows.html).
 */
export const STARTED_BY_KEY = "AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID";

/** Where an execution starts: the first page, or the page a previous execution of the chain handed on. */
export function chainStartStates() {
  return {
    [STATE.startOrContinue]: {
      Type: "Choice",
      Comment: "An execution started by ContinueAsNew carries the page key to go on from",
      Choices: [
        {
          And: [
            { Variable: "$.nextKey", IsPresent: true },
            { Variable: "$.chain.first", IsPresent: true },
            { Variable: "$.version", IsPresent: true },
          ],
          Next: STATE.readPinned,
        },
      ],
      Default: STATE.beginChain,
    },
    [STATE.beginChain]: {
      Type: "Pass",
      Comment: "The first execution of a chain: later ones are named after it",
      Parameters: { chain: { "first.$": "$$.Execution.Name", sequence: 1 }, pages: 0 },
      Next: STATE.readVersion,
    },
  } satisfies Record<string, State>;
}

/** The state after a page, when another page follows: the page count and key, carried on. */
export function countedNextPage(p: DefinitionParams): PassState {
  return {
    Type: "Pass",
    Parameters: {
      "nextKey.$": "$.page.LastEvaluatedKey",
      "chain.$": "$.chain",
      "version.$": "$.version",
      "pages.$": "States.MathAdd($.pages, 1)",
      // A number from the definition (a Terraform expression in the stack), not carried between executions.
      pagesPerExecution: p.pagesPerExecution ?? 0,
    },
    Next: STATE.historyBudget,
  } satisfies PassState;
}

/** After each page: go on here, or continue as new once this execution has read its share of pages. */
export function chainStates() {
  const sequence = "States.MathAdd($.chain.sequence, 1)";
  return {
    [STATE.historyBudget]: {
      Type: "Choice",
      Comment: "Pages per execution come from the history budget; 0 (Express: no history quota) never continues as new",
      Choices: [
        {
          And: [
            { Variable: "$.pagesPerExecution", NumericGreaterThan: 0 },
            { Variable: "$.pages", NumericGreaterThanEqualsPath: "$.pagesPerExecution" },
          ],
          Next: STATE.continueAsNew,
        },
      ],
      Default: STATE.readNextPage,
    },
    [STATE.continueAsNew]: {
      Type: "Task",
      Comment: "Continue as new: start this state machine again from the next page, and end",
      Resource: STATES_START_EXECUTION,
      Parameters: {
        "StateMachineArn.$": "$$.StateMachine.Id",
        "Name.$": `States.Format('{}-{}', $.chain.first, ${sequence})`,
        Input: {
          "nextKey.$": "$.nextKey",
          "version.$": "$.version",
          chain: { "first.$": "$.chain.first", "sequence.$": sequence },
          pages: 0,
          [`${STARTED_BY_KEY}.$`]: "$$.Execution.Id",
        },
      },
      // Safe to retry: StartExecution with the same name and input as a running
      // execution returns that execution (Standard workflows are idempotent by name).
      Retry: [{ ErrorEquals: ["States.TaskFailed"], ...LAMBDA_RETRY, JitterStrategy: "FULL" }],
      End: true,
    },
  } satisfies Record<string, State>;
}
