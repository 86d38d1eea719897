/**
 * The AWS Step Functions execution-history event, as GetExecutionHistory
 * returns it: hand-written, only the fields this project reads or writes,
 * with the SDK's names and optionality, so the SDK's `HistoryEvent[]` can be
 * passed where these are expected (a test checks that). No SDK import here.
 */

export type HistoryEventType =
  | "ExecutionStarted"
  | "ExecutionSucceeded"
  | "ExecutionFailed"
  | "ExecutionTimedOut"
  | "ExecutionAborted"
  | "ExecutionRedriven"
  | "TaskStateEntered"
  | "TaskStateExited"
  | "TaskStateAborted"
  | "TaskScheduled"
  | "TaskStarted"
  | "TaskStartFailed"
  | "TaskSubmitted"
  | "TaskSubmitFailed"
  | "TaskSucceeded"
  | "TaskFailed"
  | "TaskTimedOut"
  | "ChoiceStateEntered"
  | "ChoiceStateExited"
  | "FailStateEntered"
  | "PassStateEntered"
  | "PassStateExited"
  | "SucceedStateEntered"
  | "SucceedStateExited"
  | "WaitStateEntered"
  | "WaitStateExited"
  | "WaitStateAborted"
  | "MapStateEntered"
  | "MapStateStarted"
  | "MapStateSucceeded"
  | "MapStateFailed"
  | "MapStateAborted"
  | "MapStateExited"
  | "MapIterationStarted"
  | "MapIterationSucceeded"
  | "MapIterationFailed"
  | "MapIterationAborted"
  | "MapRunStarted"
  | "MapRunSucceeded"
  | "MapRunFailed"
  | "MapRunAborted"
  | "MapRunRedriven"
  | "ParallelStateEntered"
  | "ParallelStateStarted"
  | "ParallelStateSucceeded"
  | "ParallelStateFailed"
  | "ParallelStateAborted"
  | "ParallelStateExited"
  | "LambdaFunctionScheduled"
  | "LambdaFunctionScheduleFailed"
  | "LambdaFunctionStarted"
  | "LambdaFunctionStartFailed"
  | "LambdaFunctionSucceeded"
  | "LambdaFunctionFailed"
  | "LambdaFunctionTimedOut"
  | "ActivityScheduled"
  | "ActivityScheduleFailed"
  | "ActivityStarted"
  | "ActivitySucceeded"
  | "ActivityFailed"
  | "ActivityTimedOut"
  | "EvaluationFailed";

interface DataDetails {
  truncated?: boolean | undefined;
}

interface ErrorDetails {
  error?: string | undefined;
  cause?: string | undefined;
}

interface TaskDetails {
  /** "lambda" for arn:aws:states:::lambda:invoke, "dynamodb" for arn:aws:states:::dynamodb:getItem. */
  resourceType: string | undefined;
  /** "invoke", "getItem". */
  resource: string | undefined;
}

export interface HistoryEvent {
  /** The SDK gives a Date; JSON dumps give ISO strings; both are read. */
  timestamp: Date | string | number | undefined;
  type: HistoryEventType | undefined;
  id: number | undefined;
  /** The event this one follows; inside a Map iteration, the previous event of the same iteration. */
  previousEventId?: number | undefined;

  executionStartedEventDetails?: { input?: string | undefined; inputDetails?: DataDetails | undefined; roleArn?: string | undefined } | undefined;
  executionSucceededEventDetails?: { output?: string | undefined; outputDetails?: DataDetails | undefined } | undefined;
  executionFailedEventDetails?: ErrorDetails | undefined;
  executionTimedOutEventDetails?: ErrorDetails | undefined;
  executionAbortedEventDetails?: ErrorDetails | undefined;

  stateEnteredEventDetails?: { name: string | undefined; input?: string | undefined; inputDetails?: DataDetails | undefined } | undefined;
  stateExitedEventDetails?: { name: string | undefined; output?: string | undefined; outputDetails?: DataDetails | undefined } | undefined;

  mapStateStartedEventDetails?: { length?: number | undefined } | undefined;
  mapRunStartedEventDetails?: { mapRunArn?: string | undefined } | undefined;
  mapRunFailedEventDetails?: ErrorDetails | undefined;
  mapIterationStartedEventDetails?: MapIterationDetails | undefined;
  mapIterationSucceededEventDetails?: MapIterationDetails | undefined;
  mapIterationFailedEventDetails?: MapIterationDetails | undefined;
  mapIterationAbortedEventDetails?: MapIterationDetails | undefined;

  taskScheduledEventDetails?:
    | (TaskDetails & {
        region: string | undefined;
        /** The task's effective input, as JSON text. */
        parameters: string | undefined;
        timeoutInSeconds?: number | undefined;
        heartbeatInSeconds?: number | undefined;
      })
    | undefined;
  taskStartedEventDetails?: TaskDetails | undefined;
  taskSucceededEventDetails?: (TaskDetails & { output?: string | undefined; outputDetails?: DataDetails | undefined }) | undefined;
  taskFailedEventDetails?: (TaskDetails & ErrorDetails) | undefined;
  taskTimedOutEventDetails?: (TaskDetails & ErrorDetails) | undefined;
}

interface MapIterationDetails {
  /** The Map state's name. */
  name?: string | undefined;
  index?: number | undefined;
}
