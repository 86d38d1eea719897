/** ARN helpers shared by the commands. */

/** The region an ARN names (arn:PARTITION:SERVICE:REGION:...), if any. */
export function regionOfArn(arn: string): string | undefined {
  const region = arn.split(":")[3];
  return region && /^[a-z]{2}(-[a-z]+)+-\d+$/.test(region) ? region : undefined;
}
