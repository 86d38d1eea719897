/** The Step Functions console page of an execution, in the region its ARN names. */
import { regionOfArn } from "./arn";

export function consoleLink(executionArn: string, fallbackRegion = "us-east-1"): string {
  const region = regionOfArn(executionArn) ?? fallbackRegion;
  return `https://${region}.console.aws.amazon.com/states/home?region=${region}#/v2/executions/details/${executionArn}`;
}
