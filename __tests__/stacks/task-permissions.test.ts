/** The pure derivation of the state machine's permissions from its definitions. */
import { SHAPES, shapeKey } from "../../stacks/definition";
import { definitionPermissions, permissionsByShape, shapePermissions, taskPermission } from "../../stacks/task-permissions";

describe("task permissions", () => {
  test("each Task resource the definitions use maps to its API's actions and target", () => {
    expect(taskPermission("arn:aws:states:::dynamodb:getItem")).toEqual({ sid: "ReadTheList", actions: ["dynamodb:GetItem"], on: "table" });
    expect(taskPermission("arn:aws:states:::aws-sdk:dynamodb:query")).toEqual({ sid: "ReadRows", actions: ["dynamodb:Query"], on: "table" });
    expect(taskPermission("arn:aws:states:::lambda:invoke")).toEqual({ sid: "InvokeTheFunction", actions: ["lambda:InvokeFunction"], on: "function" });
    expect(taskPermission("arn:aws:states:::states:startExecution")).toEqual({
      sid: "ContinueAsNew",
      actions: ["states:StartExecution"],
      on: "stateMachine",
      standardOnly: true,
    });
  });

  test("an unknown Task resource is refused rather than granted nothing", () => {
    expect(() => taskPermission("arn:aws:states:::sqs:sendMessage")).toThrow(/no IAM permissions known for Task resource arn:aws:states:::sqs:sendMessage/);
    const def = { StartAt: "A", States: { A: { Type: "Task", Resource: "arn:aws:states:::sns:publish", End: true } } };
    expect(() => definitionPermissions(def)).toThrow(/sns:publish/);
  });

  test("a Distributed Map nested anywhere needs to run and follow child executions; an inline one does not", () => {
    const map = (mode: string) => ({
      StartAt: "M",
      States: { M: { Type: "Map", ItemProcessor: { ProcessorConfig: { Mode: mode }, StartAt: "P", States: { P: { Type: "Pass", End: true } } }, End: true } },
    });
    expect(definitionPermissions(map("DISTRIBUTED")).map((p) => p.sid)).toEqual(["RunChildExecutions", "FollowChildExecutions"]);
    expect(definitionPermissions(map("INLINE"))).toEqual([]);
  });

  test("per shape: GetItem always (list item or rows pointer), Query only for rows, child executions only DISTRIBUTED, continue as new only rows INLINE, the function always", () => {
    for (const shape of SHAPES) {
      const sids = shapePermissions(shape)
        .map((p) => p.sid)
        .sort();
      expect([shapeKey(shape), sids]).toEqual([
        shapeKey(shape),
        [
          "ReadTheList",
          ...(shape.itemSource === "rows" ? ["ReadRows"] : []),
          "InvokeTheFunction",
          ...(shape.mapMode === "DISTRIBUTED" ? ["RunChildExecutions", "FollowChildExecutions"] : []),
          ...(shape.itemSource === "rows" && shape.mapMode === "INLINE" ? ["ContinueAsNew"] : []),
        ].sort(),
      ]);
    }
  });

  test("permissionsByShape lists each permission once with every shape needing it", () => {
    const byShape = Object.fromEntries(permissionsByShape().map((d) => [d.permission.sid, d.shapeKeys]));
    expect(byShape.InvokeTheFunction).toEqual(SHAPES.map(shapeKey));
    expect(byShape.ReadTheList).toEqual(SHAPES.map(shapeKey));
    expect(byShape.ReadRows).toEqual(SHAPES.filter((s) => s.itemSource === "rows").map(shapeKey));
    expect(byShape.RunChildExecutions).toEqual(SHAPES.filter((s) => s.mapMode === "DISTRIBUTED").map(shapeKey));
    expect(byShape.ContinueAsNew).toEqual(SHAPES.filter((s) => s.itemSource === "rows" && s.mapMode === "INLINE").map(shapeKey));
    expect(Object.keys(byShape).sort()).toEqual([
      "ContinueAsNew",
      "FollowChildExecutions",
      "InvokeTheFunction",
      "ReadRows",
      "ReadTheList",
      "RunChildExecutions",
    ]);
  });
});
