/**
 * The work list's DynamoDB table, and optionally the list item itself,
 * managed by `cdktf deploy` (the declarative alternative to `npm run seed`).
 *
 * Like the other parts of WorkflowStack (process-item-function.ts,
 * workflow-state-machine.ts), it declares its resources in the scope it is
 * given, under fixed ids, and adds no construct node of its own: a node would
 * change the resources' Terraform addresses, and Terraform would replace the
 * table (and its data) on the next deploy.
 */
import type { IResolvable } from "cdktf";
import type { Construct } from "constructs";
import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import { DynamodbTableItem } from "@cdktf/provider-aws/lib/dynamodb-table-item";
import { ATTRIBUTE_DEFINITIONS, EXPIRES_AT_ATTRIBUTE, PARTITION_KEY, SORT_KEY } from "./table-schema";
import { listItem, type WorkList } from "./work-list";

export interface WorkListTableProps {
  /** The table's name (resourceNames(prefix).table). */
  readonly name: string;
  /** DynamoDB deletion protection: a Terraform bool (var.deletion_protection). @default false */
  readonly deletionProtection?: boolean | IResolvable;
  /**
   * A checked work list to load with `cdktf deploy` itself, through an
   * `aws_dynamodb_table_item` resource.
   * @default undefined: the item is not managed by Terraform
   */
  readonly seedList?: WorkList;
}

export class WorkListTable {
  public readonly table: DynamodbTable;
  /** The list item, when seedList was given. */
  public readonly seedItem: DynamodbTableItem | undefined;

  constructor(scope: Construct, props: WorkListTableProps) {
    this.table = new DynamodbTable(scope, "table", {
      name: props.name,
      billingMode: "PAY_PER_REQUEST",
      hashKey: PARTITION_KEY,
      rangeKey: SORT_KEY,
      attribute: ATTRIBUTE_DEFINITIONS.map((a) => ({ name: a.AttributeName, type: a.AttributeType })),
      serverSideEncryption: { enabled: true },
      // Restores to any second of the last 35 days; costs cents for a list this size.
      pointInTimeRecovery: { enabled: true },
      deletionProtectionEnabled: props.deletionProtection ?? false,
      // Superseded list versions carry expiresAt (epoch seconds) and TTL deletes
      // them, free of write units; the current list never has it
      // (seed/list-versions.ts). "Using time to live (TTL) in DynamoDB":
      // https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/TTL.html
      ttl: { attributeName: EXPIRES_AT_ATTRIBUTE, enabled: true },
    });
    this.seedItem = props.seedList
      ? new DynamodbTableItem(scope, "list_item", {
          tableName: this.table.name,
          hashKey: this.table.hashKey,
          rangeKey: this.table.rangeKey,
          item: JSON.stringify(listItem(props.seedList)),
        })
      : undefined;
  }
}
