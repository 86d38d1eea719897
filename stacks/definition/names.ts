/**
 * State and error names of the definition, shared by its builders, the tests
 * and the offline runner.
 *
 * The first state names are the original tutorial's, so its walkthrough still
 * reads right.
 */
export const STATE = {
  read: "ReadDDBTable",
  check: "CheckListLoaded",
  missing: "ListNotSeeded",
  map: "MapState",
  wait: "WaitInMap",
  invoke: "LambdaInvoke",
  readVersion: "ReadCurrentVersion",
  checkVersion: "CheckRowsSeeded",
  pinVersion: "PinVersion",
  readPinned: "ReadPinnedVersion",
  checkPinned: "CheckPinnedVersion",
  expired: "PinnedVersionExpired",
  readFirstPage: "ReadFirstPage",
  readNextPage: "ReadNextPage",
  checkFirstPage: "CheckRowsLoaded",
  morePages: "MorePages",
  nextPage: "PrepareNextPage",
  done: "Done",
  startOrContinue: "StartOrContinue",
  beginChain: "BeginChain",
  historyBudget: "HistoryBudgetLeft",
  continueAsNew: "ContinueAsNew",
  recordFailure: "RecordFailure",
  summarize: "Summarize",
  countFailures: "CountFailures",
  anyFailed: "AnyFailed",
  scale: "ScaleCounts",
  compare: "CompareWithTolerance",
  withinTolerance: "WithinTolerance",
  describeFailures: "DescribeFailures",
  tooManyFailures: "TooManyFailures",
  summary: "Summary",
  allSucceeded: "AllSucceeded",
} as const;

/** The error a run ends with when the list was never seeded. */
export const LIST_NOT_SEEDED_ERROR = "ListNotSeeded";
/** The error a chain's next execution ends with when the version its chain pinned has expired. */
export const LIST_VERSION_EXPIRED_ERROR = "ListVersionExpired";
/** The error a run ends with when more items failed than tolerated. */
export const TOO_MANY_FAILURES_ERROR = "TooManyFailures";
